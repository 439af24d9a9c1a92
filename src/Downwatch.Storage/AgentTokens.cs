using System.Security.Cryptography;
using System.Text;
using Dapper;
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
    public async Task<string> IssueAsync(string location, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var token = "dwa_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT INTO agent_tokens (location, token_hash, created_at, revoked_at) VALUES (@Location, @Hash, @At, NULL) " +
            "ON CONFLICT (location) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at, revoked_at = NULL",
            new { Location = location, Hash = Hash(token), At = now.ToUnixTimeMilliseconds() });
        return token;
    }

    public async Task<string?> AuthenticateAsync(string token, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT location FROM agent_tokens WHERE token_hash = @Hash AND revoked_at IS NULL", new { Hash = Hash(token) });
    }

    public async Task<bool> RevokeAsync(string location, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("UPDATE agent_tokens SET revoked_at = @At WHERE location = @Location AND revoked_at IS NULL",
            new { Location = location, At = now.ToUnixTimeMilliseconds() }) > 0;
    }

    public async Task<IReadOnlyList<AgentToken>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Location, long CreatedAt, long? RevokedAt)>(
            "SELECT location, created_at, revoked_at FROM agent_tokens ORDER BY location");
        return rows.Select(r => new AgentToken(r.Location, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt),
            r.RevokedAt is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null)).ToList();
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
