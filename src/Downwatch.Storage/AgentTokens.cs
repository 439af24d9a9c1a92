using Downwatch.Storage.Sql;

namespace Downwatch.Storage;

/// <summary>Per-location agent tokens (the name is the probe location): shown once, stored only as a SHA-256 hash, revocable.</summary>
public interface IAgentTokenStore : INamedCredentialStore;

public sealed class SqlAgentTokenStore(IConnectionFactory connections)
    : HashedCredentials(connections, "agent_tokens", "location", "token_hash", "dwa_"), IAgentTokenStore;
