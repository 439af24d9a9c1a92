using Downwatch.Storage.Sql;

namespace Downwatch.Storage;

/// <summary>Named API keys for the write API: shown once when issued, stored only as a SHA-256 hash, revocable.</summary>
public interface IApiKeyStore : INamedCredentialStore;

public sealed class SqlApiKeyStore(IConnectionFactory connections)
    : HashedCredentials(connections, "api_keys", "name", "key_hash", Prefix), IApiKeyStore
{
    public const string Prefix = "dwk_";
}
