using System.Security.Cryptography;
using System.Text;
using Dapper;
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

    public async Task<string> IssueAsync(string name, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var key = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT INTO api_keys (name, key_hash, created_at, revoked_at) VALUES (@Name, @Hash, @At, NULL) " +
            "ON CONFLICT (name) DO UPDATE SET key_hash = excluded.key_hash, created_at = excluded.created_at, revoked_at = NULL",
            new { Name = name, Hash = Hash(key), At = now.ToUnixTimeMilliseconds() });
        return key;
    }

    public async Task<string?> AuthenticateAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT name FROM api_keys WHERE key_hash = @Hash AND revoked_at IS NULL", new { Hash = Hash(key) });
    }

    public async Task<bool> RevokeAsync(string name, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("UPDATE api_keys SET revoked_at = @At WHERE name = @Name AND revoked_at IS NULL",
            new { Name = name, At = now.ToUnixTimeMilliseconds() }) > 0;
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Name, long CreatedAt, long? RevokedAt)>(
            "SELECT name, created_at, revoked_at FROM api_keys ORDER BY name");
        return rows.Select(r => new ApiKey(r.Name, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt),
            r.RevokedAt is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null)).ToList();
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
