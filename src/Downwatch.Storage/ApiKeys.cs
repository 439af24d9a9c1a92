using Downwatch.Storage.Sql;

namespace Downwatch.Storage;

/// <summary>An API key as listed to operators (never the key itself).</summary>
public sealed record ApiKey(string Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>Named API keys for the write API: shown once when issued, stored only as a SHA-256 hash, revocable.</summary>
public interface IApiKeyStore
{
    /// <summary>Creates (or replaces) the key called <paramref name="name"/> and returns it; only its hash is kept.</summary>
    Task<string> IssueAsync(string name, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The name of a valid, unrevoked key, or null.</summary>
    Task<string?> AuthenticateAsync(string key, CancellationToken cancellationToken = default);

    Task<bool> RevokeAsync(string name, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default);
}

public sealed class SqlApiKeyStore(IConnectionFactory connections) : IApiKeyStore
{
    public const string Prefix = "dwk_";

    private readonly HashedCredentials _store = new(connections, "api_keys", "name", "key_hash", Prefix);

    public Task<string> IssueAsync(string name, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        _store.IssueAsync(name, now, cancellationToken);

    public Task<string?> AuthenticateAsync(string key, CancellationToken cancellationToken = default) =>
        _store.AuthenticateAsync(key, cancellationToken);

    public Task<bool> RevokeAsync(string name, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        _store.RevokeAsync(name, now, cancellationToken);

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default) =>
        (await _store.ListAsync(cancellationToken)).Select(c => new ApiKey(c.Name, c.CreatedAt, c.RevokedAt)).ToList();

    public static string Hash(string key) => HashedCredentials.Hash(key);
}
