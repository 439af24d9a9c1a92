using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace Downwatch.Storage.Sql;

/// <summary>A named credential as listed to operators (never the secret itself).</summary>
public sealed record CredentialListing(string Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>Named secrets (API keys, agent tokens): issued once and shown once, stored only as a hash, revocable;
/// issuing a name again replaces its secret.</summary>
public interface INamedCredentialStore
{
    /// <summary>Creates (or replaces) the secret called <paramref name="name"/> and returns it; only its hash is kept.</summary>
    Task<string> IssueAsync(string name, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The name a valid, unrevoked secret belongs to, or null.</summary>
    Task<string?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default);

    Task<bool> RevokeAsync(string name, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<CredentialListing>> ListAsync(CancellationToken cancellationToken = default);
}

/// <summary>Named secrets in one table shape: name, SHA-256 hash, created, revoked.</summary>
/// <param name="table">Table and column names are constants of the deriving store, never input.</param>
public abstract class HashedCredentials(IConnectionFactory connections, string table, string nameColumn, string hashColumn, string prefix)
    : INamedCredentialStore
{
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public async Task<string> IssueAsync(string name, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var secret = prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            $"INSERT INTO {table} ({nameColumn}, {hashColumn}, created_at, revoked_at) VALUES (@Name, @Hash, @At, NULL) " +
            $"ON CONFLICT ({nameColumn}) DO UPDATE SET {hashColumn} = excluded.{hashColumn}, created_at = excluded.created_at, revoked_at = NULL",
            new { Name = name, Hash = Hash(secret), At = now.ToUnixTimeMilliseconds() });
        return secret;
    }

    public async Task<string?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(
            $"SELECT {nameColumn} FROM {table} WHERE {hashColumn} = @Hash AND revoked_at IS NULL", new { Hash = Hash(secret) });
    }

    public async Task<bool> RevokeAsync(string name, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync($"UPDATE {table} SET revoked_at = @At WHERE {nameColumn} = @Name AND revoked_at IS NULL",
            new { Name = name, At = now.ToUnixTimeMilliseconds() }) > 0;
    }

    public async Task<IReadOnlyList<CredentialListing>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Name, long CreatedAt, long? RevokedAt)>(
            $"SELECT {nameColumn}, created_at, revoked_at FROM {table} ORDER BY {nameColumn}");
        return rows.Select(r => new CredentialListing(r.Name, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt),
            r.RevokedAt is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null)).ToList();
    }
}
