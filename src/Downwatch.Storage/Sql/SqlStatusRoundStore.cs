using Dapper;
using Downwatch.Storage.Cluster;

namespace Downwatch.Storage.Sql;

public sealed class SqlStatusRoundStore(IConnectionFactory connections) : IStatusRoundStore
{
    public async Task<long?> PublishAsync(string lease, long term, DateTimeOffset at, string payload, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        // The fence: the row is written only if the lease still has this term and has not expired, in one statement.
        var id = await connection.ExecuteScalarAsync<long?>(
            "INSERT INTO status_rounds (term, at, payload) SELECT @Term, @At, @Payload FROM leases " +
            $"WHERE name = @Lease AND term = @Term AND expires_at >= {connections.NowMs} RETURNING id",
            new { Lease = lease, Term = term, At = at.ToColumn(), Payload = payload });
        if (id is not null && connections.Announce(RoundAnnouncements.Channel) is { } announce)
        {
            await connection.ExecuteAsync(announce, new { Payload = id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        return id;
    }

    public async Task<IReadOnlyList<PublishedRound>> ReadAfterAsync(long? afterId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = afterId is { } after
            ? await connection.QueryAsync<RoundRow>(
                "SELECT id, term, at, payload FROM status_rounds WHERE id > @After ORDER BY id LIMIT @Limit", new { After = after, Limit = limit })
            : await connection.QueryAsync<RoundRow>("SELECT id, term, at, payload FROM status_rounds ORDER BY id DESC LIMIT 1");
        return rows.Select(r => new PublishedRound(r.Id, r.Term, TimeColumns.FromColumn(r.At), r.Payload)).ToList();
    }

    public async Task<int> PruneAsync(int keep, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var newest = await connection.ExecuteScalarAsync<long?>("SELECT MAX(id) FROM status_rounds");
        return newest is { } id ? await connection.ExecuteAsync("DELETE FROM status_rounds WHERE id <= @Id", new { Id = id - keep }) : 0;
    }

    private sealed class RoundRow
    {
        public long Id { get; init; }
        public long Term { get; init; }
        public long At { get; init; }
        public string Payload { get; init; } = "";
    }
}
