using System.Globalization;
using System.Text.Json;
using Dapper;

namespace Downwatch.Storage.Sql;

public sealed class SqlProviderKeyStore(IConnectionFactory connections) : IProviderKeyStore
{
    public async Task SaveAsync(ProviderKeyRecord key, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT INTO provider_keys (name, service, protected_secret, models, locations, base_url, requests_per_day, tokens_per_day, created_at, revoked_at) " +
            "VALUES (@Name, @Service, @ProtectedSecret, @Models, @Locations, @BaseUrl, @RequestsPerDay, @TokensPerDay, @CreatedAt, @RevokedAt) " +
            "ON CONFLICT (name) DO UPDATE SET service = excluded.service, protected_secret = excluded.protected_secret, models = excluded.models, " +
            "locations = excluded.locations, base_url = excluded.base_url, requests_per_day = excluded.requests_per_day, tokens_per_day = excluded.tokens_per_day, " +
            "created_at = excluded.created_at, revoked_at = excluded.revoked_at",
            new
            {
                key.Name, key.Service, key.ProtectedSecret,
                Models = JsonSerializer.Serialize(key.Models), Locations = JsonSerializer.Serialize(key.Locations),
                key.BaseUrl, key.RequestsPerDay, key.TokensPerDay, CreatedAt = key.CreatedAt.ToColumn(), RevokedAt = key.RevokedAt?.ToColumn(),
            });
    }

    public async Task<IReadOnlyList<ProviderKeyRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(
            "SELECT name, service, protected_secret AS ProtectedSecret, models, locations, base_url AS BaseUrl, requests_per_day AS RequestsPerDay, " +
            "tokens_per_day AS TokensPerDay, created_at AS CreatedAt, revoked_at AS RevokedAt " +
            "FROM provider_keys ORDER BY name");
        return rows.Select(r => new ProviderKeyRecord(r.Name, r.Service, r.ProtectedSecret,
            JsonSerializer.Deserialize<List<string>>(r.Models) ?? [], JsonSerializer.Deserialize<List<string>>(r.Locations) ?? [],
            r.RequestsPerDay, r.TokensPerDay, TimeColumns.FromColumn(r.CreatedAt),
            r.RevokedAt is { } revoked ? TimeColumns.FromColumn(revoked) : null, r.BaseUrl)).ToList();
    }

    public async Task<bool> RevokeAsync(string name, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("UPDATE provider_keys SET revoked_at = @At WHERE name = @Name AND revoked_at IS NULL",
            new { Name = name, At = now.ToColumn() }) > 0;
    }

    public async Task<bool> TryReserveAsync(string name, DateOnly day, int requestsPerDay, long tokensPerDay, long tokens,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var args = new { Name = name, Day = Day(day), MaxRequests = requestsPerDay, MaxTokens = tokensPerDay, Tokens = tokens };
        await connection.ExecuteAsync(
            "INSERT INTO provider_key_spend (name, day, requests, tokens) VALUES (@Name, @Day, 0, 0) ON CONFLICT (name, day) DO NOTHING", args);
        // One statement decides and counts, so two nodes (or a restart) can never both take the last request of the day.
        return await connection.ExecuteAsync(
            "UPDATE provider_key_spend SET requests = requests + 1, tokens = tokens + @Tokens " +
            "WHERE name = @Name AND day = @Day AND requests + 1 <= @MaxRequests AND tokens + @Tokens <= @MaxTokens", args) == 1;
    }

    public async Task AdjustTokensAsync(string name, DateOnly day, long delta, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE provider_key_spend SET tokens = CASE WHEN tokens + @Delta < 0 THEN 0 ELSE tokens + @Delta END WHERE name = @Name AND day = @Day",
            new { Name = name, Day = Day(day), Delta = delta });
    }

    public async Task<IReadOnlyList<KeySpend>> SpendAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Name, int Requests, long Tokens)>(
            "SELECT name, requests, tokens FROM provider_key_spend WHERE day = @Day ORDER BY name", new { Day = Day(day) });
        return rows.Select(r => new KeySpend(r.Name, day, r.Requests, r.Tokens)).ToList();
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed class Row
    {
        public string Name { get; init; } = "";
        public string Service { get; init; } = "";
        public string ProtectedSecret { get; init; } = "";
        public string Models { get; init; } = "[]";
        public string Locations { get; init; } = "[]";
        public string? BaseUrl { get; init; }
        public int RequestsPerDay { get; init; }
        public long TokensPerDay { get; init; }
        public long CreatedAt { get; init; }
        public long? RevokedAt { get; init; }
    }
}
