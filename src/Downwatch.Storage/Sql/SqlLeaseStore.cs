using Dapper;
using Downwatch.Storage.Cluster;

namespace Downwatch.Storage.Sql;

public sealed class SqlLeaseStore(IConnectionFactory connections) : ILeaseStore
{
    public async Task<long?> TryAcquireAsync(string name, string holder, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        var now = connections.NowMs;
        await using var connection = await connections.OpenAsync(cancellationToken);
        // Renewed by its holder while unexpired (same term); taken over once expired (next term).
        return await connection.ExecuteScalarAsync<long?>(
            $"INSERT INTO leases (name, holder, term, expires_at) VALUES (@Name, @Holder, 1, {now} + @Ttl) " +
            "ON CONFLICT (name) DO UPDATE SET " +
            $"term = CASE WHEN leases.holder = excluded.holder AND leases.expires_at >= {now} THEN leases.term ELSE leases.term + 1 END, " +
            "holder = excluded.holder, expires_at = excluded.expires_at " +
            $"WHERE leases.holder = excluded.holder OR leases.expires_at < {now} " +
            "RETURNING term",
            new { Name = name, Holder = holder, Ttl = (long)ttl.TotalMilliseconds });
    }

    public async Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("UPDATE leases SET expires_at = 0 WHERE name = @Name AND holder = @Holder",
            new { Name = name, Holder = holder });
    }
}
