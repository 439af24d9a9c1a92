using System.Globalization;
using Dapper;
using Downwatch.Domain.History;

namespace Downwatch.Storage.Sql;

public sealed class SqlRollupStore(IConnectionFactory connections) : IRollupStore
{
    private static string Table(RollupSpan span) => span == RollupSpan.Hour ? "probe_hourly" : "probe_daily";

    private static TimeSpan Length(RollupSpan span) => span == RollupSpan.Hour ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);

    private readonly ProbeSeries _series = new();

    public async Task ReplaceAsync(RollupSpan span, DateTimeOffset start, IReadOnlyList<ProbeRollup> rollups, CancellationToken cancellationToken = default)
    {
        var table = Table(span);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var series = await _series.ResolveAsync(connection, tx, rollups.Select(r => (r.Service, r.Component, r.Endpoint, r.Location)));
        await connection.ExecuteAsync($"DELETE FROM {table} WHERE start = @Start", new { Start = start.ToColumn() }, tx);
        var rows = rollups.Select(r => new StoredRollup(
            r.Start.ToColumn(), series[(r.Service, r.Component, r.Endpoint, r.Location)], r.Probes, r.Degraded, r.Failures,
            r.FailureKinds.Count == 0 ? null : string.Join(',', r.FailureKinds.Select(k => $"{k.Key}:{k.Value}")),
            r.Latency.ToBytes(),
            r.FirstToken.Count == 0 ? null : r.FirstToken.ToBytes(),
            r.TokenRate.Count == 0 ? null : r.TokenRate.ToBytes())).ToList();
        const string Columns = "(start, series, probes, degraded, failures, failure_kinds, latency, first_token, token_rate)";
        // One statement for the whole period where the engine takes arrays (a round trip per row would make a year's
        // rollups on PostgreSQL several times slower than on SQLite); one prepared statement per row on SQLite.
        await (connections.TakesArrays
            ? connection.ExecuteAsync(
                $"INSERT INTO {table} {Columns} SELECT * FROM unnest(@Start, @Series, @Probes, @Degraded, @Failures, @FailureKinds, @Latency, @FirstToken, @TokenRate)",
                new
                {
                    Start = rows.Select(r => r.Start).ToArray(), Series = rows.Select(r => r.Series).ToArray(),
                    Probes = rows.Select(r => r.Probes).ToArray(), Degraded = rows.Select(r => r.Degraded).ToArray(),
                    Failures = rows.Select(r => r.Failures).ToArray(), FailureKinds = rows.Select(r => r.FailureKinds).ToArray(),
                    Latency = rows.Select(r => r.Latency).ToArray(), FirstToken = rows.Select(r => r.FirstToken).ToArray(),
                    TokenRate = rows.Select(r => r.TokenRate).ToArray(),
                }, tx)
            : connection.ExecuteAsync(
                $"INSERT INTO {table} {Columns} VALUES (@Start, @Series, @Probes, @Degraded, @Failures, @FailureKinds, @Latency, @FirstToken, @TokenRate)",
                rows, tx));
        await tx.CommitAsync(cancellationToken);
        _series.Remember(series);
    }

    public async Task<IReadOnlyList<ProbeRollup>> ReadAsync(RollupSpan span, DateTimeOffset since, DateTimeOffset until, string? service = null,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RollupRow>(
            $"SELECT {ProbeSeries.Columns}, r.start, r.probes, r.degraded, r.failures, r.failure_kinds AS FailureKinds, r.latency, " +
            "r.first_token AS FirstToken, r.token_rate AS TokenRate " +
            $"FROM {Table(span)} r JOIN probe_series s ON s.id = r.series WHERE r.start >= @Since AND r.start < @Until" +
            (service is null ? "" : " AND s.service = @Service"),
            new { Since = since.ToColumn(), Until = until.ToColumn(), Service = service });
        return rows.Select(r => new ProbeRollup(r.Service, r.Component, r.Endpoint, r.Location, TimeColumns.FromColumn(r.Start),
            r.Probes, r.Degraded, r.Failures, Kinds(r.FailureKinds), LatencyHistogram.FromBytes(r.Latency))
        {
            FirstToken = r.FirstToken is null ? new LatencyHistogram() : LatencyHistogram.FromBytes(r.FirstToken),
            TokenRate = r.TokenRate is null ? new LatencyHistogram() : LatencyHistogram.FromBytes(r.TokenRate),
        }).ToList();
    }

    public async Task<DateTimeOffset?> ProgressAsync(RollupSpan span, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var until = await connection.ExecuteScalarAsync<long?>("SELECT until FROM rollup_progress WHERE span = @Span", new { Span = span.ToString() });
        return until is { } ms ? TimeColumns.FromColumn(ms) : null;
    }

    public async Task SetProgressAsync(RollupSpan span, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT INTO rollup_progress (span, until) VALUES (@Span, @Until) ON CONFLICT (span) DO UPDATE SET until = excluded.until",
            new { Span = span.ToString(), Until = until.ToColumn() });
    }

    public async Task<int> PruneAsync(RollupSpan span, DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await SlicedDelete.BeforeAsync(connection, Table(span), "start", before, Length(span), cancellationToken);
    }

    private static SortedDictionary<string, int> Kinds(string? text)
    {
        var kinds = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var pair in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = pair.LastIndexOf(':');
            kinds[pair[..colon]] = int.Parse(pair[(colon + 1)..], CultureInfo.InvariantCulture);
        }

        return kinds;
    }

    private sealed class RollupRow
    {
        public string Service { get; init; } = "";
        public string Component { get; init; } = "";
        public string Endpoint { get; init; } = "";
        public string Location { get; init; } = "";
        public long Start { get; init; }
        public int Probes { get; init; }
        public int Degraded { get; init; }
        public int Failures { get; init; }
        public string? FailureKinds { get; init; }
        public byte[] Latency { get; init; } = [];
        public byte[]? FirstToken { get; init; }
        public byte[]? TokenRate { get; init; }
    }

    /// <summary>One rollup as written: its series by number, its histograms as bytes.</summary>
    private sealed record StoredRollup(long Start, long Series, int Probes, int Degraded, int Failures, string? FailureKinds, byte[] Latency,
        byte[]? FirstToken, byte[]? TokenRate);
}
