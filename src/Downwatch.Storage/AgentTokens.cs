using Downwatch.Storage.Sql;

namespace Downwatch.Storage;

/// <summary>A probe location's agent token, as listed to operators (never the token itself).</summary>
public sealed record AgentToken(string Location, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>Per-location agent tokens: created once and shown once, stored only as a SHA-256 hash, revocable.</summary>
public interface IAgentTokenStore
{
    /// <summary>Creates (or replaces) the token of a location and returns it; only its hash is kept.</summary>
    Task<string> IssueAsync(string location, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The location a valid, unrevoked token belongs to, or null.</summary>
    Task<string?> AuthenticateAsync(string token, CancellationToken cancellationToken = default);

    Task<bool> RevokeAsync(string location, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AgentToken>> ListAsync(CancellationToken cancellationToken = default);
}

public sealed class SqlAgentTokenStore(IConnectionFactory connections) : IAgentTokenStore
{
    private readonly HashedCredentials _store = new(connections, "agent_tokens", "location", "token_hash", "dwa_");

    public Task<string> IssueAsync(string location, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        _store.IssueAsync(location, now, cancellationToken);

    public Task<string?> AuthenticateAsync(string token, CancellationToken cancellationToken = default) =>
        _store.AuthenticateAsync(token, cancellationToken);

    public Task<bool> RevokeAsync(string location, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        _store.RevokeAsync(location, now, cancellationToken);

    public async Task<IReadOnlyList<AgentToken>> ListAsync(CancellationToken cancellationToken = default) =>
        (await _store.ListAsync(cancellationToken)).Select(c => new AgentToken(c.Name, c.CreatedAt, c.RevokedAt)).ToList();

    public static string Hash(string token) => HashedCredentials.Hash(token);
}
