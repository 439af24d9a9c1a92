using System.Data.Common;
using System.Text.Json;
using Dapper;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Reports;

namespace Downwatch.Storage.Sql;

public sealed class SqlObservationStore(IConnectionFactory connections, Faults.RunningHealth? health = null) : IObservationStore
{
    private readonly ProbeSeries _series = new();

    private static readonly JsonSerializerOptions CompactJson = new()
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public Task AppendAsync(SignalSet observations, CancellationToken cancellationToken = default) =>
        Recorded(AppendObservationsAsync(observations, cancellationToken));

    private async Task AppendObservationsAsync(SignalSet observations, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await InsertProbesAsync(connection, tx, observations.Probes);
        await connection.ExecuteAsync(
            "INSERT INTO location_checks (location, at, online, detail) VALUES (@Location, @At, @Online, @Detail) ON CONFLICT (location, at) DO NOTHING",
            observations.LocationChecks.Select(c => new { c.Location, At = c.At.ToColumn(), c.Online, c.Detail }), tx);
        await connection.ExecuteAsync(
            "INSERT INTO official_statuses (service, component, at, status, title, source_url) VALUES (@Service, @Component, @At, @Status, @Title, @SourceUrl)",
            observations.Official.Select(o => new { o.Service, o.Component, At = o.At.ToColumn(), Status = (int)o.Status, o.Title, o.SourceUrl }), tx);
        await InsertReportsAsync(connection, tx, observations.Reports);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>Probe results in the caller's transaction: one statement for all of them where the engine takes arrays,
    /// else one prepared statement per result.</summary>
    private Task InsertProbesAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<ProbeObservation> probes)
    {
        if (probes.Count == 0)
        {
            return Task.CompletedTask;
        }

        const string Columns = "(service, component, endpoint, location, at, outcome, latency_ms, status_code, error_kind, result_id, details)";
        var rows = probes.Select(p => new StoredProbe(p.Service, p.Component, p.Endpoint, p.Location, p.At.ToColumn(), (int)p.Outcome,
            p.LatencyMs, p.StatusCode, p.ErrorKind, p.Details?.ResultId,
            p.Details is null ? null : JsonSerializer.Serialize(p.Details, CompactJson))).ToList();
        return connections.TakesArrays
            ? connection.ExecuteAsync(
                $"INSERT INTO probe_results {Columns} SELECT * FROM unnest(@Service, @Component, @Endpoint, @Location, @At, @Outcome, " +
                "@LatencyMs, @StatusCode, @ErrorKind, @ResultId, @Details) ON CONFLICT (result_id) DO NOTHING",
                new
                {
                    Service = rows.Select(r => r.Service).ToArray(), Component = rows.Select(r => r.Component).ToArray(),
                    Endpoint = rows.Select(r => r.Endpoint).ToArray(), Location = rows.Select(r => r.Location).ToArray(),
                    At = rows.Select(r => r.At).ToArray(), Outcome = rows.Select(r => r.Outcome).ToArray(),
                    LatencyMs = rows.Select(r => r.LatencyMs).ToArray(), StatusCode = rows.Select(r => r.StatusCode).ToArray(),
                    ErrorKind = rows.Select(r => r.ErrorKind).ToArray(), ResultId = rows.Select(r => r.ResultId).ToArray(),
                    Details = rows.Select(r => r.Details).ToArray(),
                }, tx)
            : connection.ExecuteAsync(
                $"INSERT INTO probe_results {Columns} VALUES (@Service, @Component, @Endpoint, @Location, @At, @Outcome, @LatencyMs, " +
                "@StatusCode, @ErrorKind, @ResultId, @Details) ON CONFLICT (result_id) DO NOTHING",
                rows, tx);
    }

    private sealed record StoredProbe(string Service, string Component, string Endpoint, string Location, long At, int Outcome,
        double LatencyMs, int? StatusCode, string? ErrorKind, string? ResultId, string? Details);

    public Task AppendReportsAsync(IReadOnlyList<CommunityReport> reports, CancellationToken cancellationToken = default) =>
        Recorded(InsertReportsAsync(reports, cancellationToken));

    private async Task InsertReportsAsync(IReadOnlyList<CommunityReport> reports, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await InsertReportsAsync(connection, tx, reports);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>Tells readiness whether this write (probe results, reports: the writes that never stop) succeeded.</summary>
    private async Task Recorded(Task write)
    {
        try
        {
            await write;
            health?.WriteSucceeded();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            health?.WriteFailed(e);
            throw;
        }
    }

    private static readonly (string Name, System.Data.DbType Type)[] ReportParameters =
    [
        ("@Service", System.Data.DbType.String), ("@At", System.Data.DbType.Int64), ("@Reporter", System.Data.DbType.String),
        ("@Category", System.Data.DbType.String), ("@Note", System.Data.DbType.String), ("@Region", System.Data.DbType.String),
        ("@VoteWindow", System.Data.DbType.Int64),
    ];

    /// <summary>A batch of reports in the caller's transaction: on an engine that takes arrays one statement for all of
    /// them (one round trip), else one prepared statement rebound per report (SQLite runs in process: no round trips).</summary>
    private Task InsertReportsAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<CommunityReport> reports)
    {
        if (reports.Count == 0)
        {
            return Task.CompletedTask;
        }

        if (connections.TakesArrays)
        {
            return connection.ExecuteAsync(
                "INSERT INTO reports (service, at, reporter, category, note, region, vote_window) " +
                "SELECT * FROM unnest(@Service, @At, @Reporter, @Category, @Note, @Region, @VoteWindow) ON CONFLICT DO NOTHING",
                new
                {
                    Service = reports.Select(r => r.Service).ToArray(),
                    At = reports.Select(r => r.At.ToColumn()).ToArray(),
                    Reporter = reports.Select(r => r.Reporter).ToArray(),
                    Category = reports.Select(r => r.Category).ToArray(),
                    Note = reports.Select(r => r.Note).ToArray(),
                    Region = reports.Select(r => r.Region).ToArray(),
                    VoteWindow = reports.Select(r => ReportCategories.VoteWindowStart(r.At, ReportCategories.VoteWindow).ToColumn()).ToArray(),
                }, tx);
        }

        InsertReports(connection, tx, reports);
        return Task.CompletedTask;
    }

    private static void InsertReports(DbConnection connection, DbTransaction tx, IReadOnlyList<CommunityReport> reports)
    {

        using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO reports (service, at, reporter, category, note, region, vote_window) " +
            "VALUES (@Service, @At, @Reporter, @Category, @Note, @Region, @VoteWindow) ON CONFLICT DO NOTHING";
        var parameters = ReportParameters.Select(p =>
        {
            var parameter = insert.CreateParameter();
            parameter.ParameterName = p.Name;
            parameter.DbType = p.Type;
            insert.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        insert.Prepare();
        foreach (var r in reports)
        {
            parameters[0].Value = r.Service;
            parameters[1].Value = r.At.ToColumn();
            parameters[2].Value = r.Reporter;
            parameters[3].Value = r.Category;
            parameters[4].Value = (object?)r.Note ?? DBNull.Value;
            parameters[5].Value = (object?)r.Region ?? DBNull.Value;
            parameters[6].Value = ReportCategories.VoteWindowStart(r.At, ReportCategories.VoteWindow).ToColumn();
            insert.ExecuteNonQuery(); // SQLite runs commands synchronously; the async form would only add overhead
        }
    }

    public async Task<DateTimeOffset?> OldestProbeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var raw = await connection.ExecuteScalarAsync<long?>("SELECT MIN(at) FROM probe_results");
        var packed = await connection.ExecuteScalarAsync<long?>("SELECT MIN(hour) FROM probe_chunks");
        return (raw, packed) switch
        {
            (null, null) => null,
            _ => TimeColumns.FromColumn(Math.Min(raw ?? long.MaxValue, packed ?? long.MaxValue)),
        };
    }

    public async Task<int> PackAsync(DateTimeOffset hour, CancellationToken cancellationToken = default)
    {
        var start = hour.ToColumn();
        var until = (hour + ProbeChunks.Hour).ToColumn();
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var raw = (await connection.QueryAsync<ProbeRow>(
            $"SELECT id, {ProbeColumns} FROM probe_results WHERE at >= @Start AND at < @Until", new { Start = start, Until = until }, tx)).ToList();
        if (raw.Count == 0)
        {
            await tx.CommitAsync(cancellationToken);
            return 0;
        }

        // An hour packed before (a pack that ran again after a restart, or results that came late) is merged, not replaced.
        var raws = raw.Select(r => r.ToObservation()).GroupBy(r => (r.Service, r.Component, r.Endpoint, r.Location)).ToList();
        var series = await _series.ResolveAsync(connection, tx, raws.Select(g => g.Key));
        var packed = (await connection.QueryAsync<ChunkRow>(
            $"SELECT c.hour, {ProbeSeries.Columns}, c.data FROM probe_chunks c JOIN probe_series s ON s.id = c.series WHERE c.hour = @Start",
            new { Start = start }, tx)).ToDictionary(c => (c.Service, c.Component, c.Endpoint, c.Location));
        foreach (var group in raws)
        {
            var results = ProbeChunks.Merge(packed.TryGetValue(group.Key, out var before) ? before.ToObservations() : [], group);
            var id = series[group.Key];
            await connection.ExecuteAsync("DELETE FROM probe_chunks WHERE hour = @Hour AND series = @Series", new { Hour = start, Series = id }, tx);
            await connection.ExecuteAsync(
                "INSERT INTO probe_chunks (hour, series, results, data) VALUES (@Hour, @Series, @Results, @Data)",
                new { Hour = start, Series = id, Results = results.Count, Data = ProbeChunkCodec.Encode(hour, results) }, tx);
        }

        // Exactly the rows read: a result stored meanwhile stays raw (and is packed or read as raw later), never lost.
        foreach (var ids in raw.Select(r => r.Id).Chunk(500))
        {
            await connection.ExecuteAsync($"DELETE FROM probe_results WHERE id {connections.InList("@Ids")}", new { Ids = ids }, tx);
        }

        await tx.CommitAsync(cancellationToken);
        _series.Remember(series);
        return raw.Count;
    }

    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await SlicedDelete.BeforeAsync(connection, "probe_results", "at", before, TimeSpan.FromMinutes(5), cancellationToken)
            + await SlicedDelete.BeforeAsync(connection, "probe_chunks", "hour", before - ProbeChunks.Hour + TimeSpan.FromMilliseconds(1), ProbeChunks.Hour, cancellationToken)
            + await SlicedDelete.BeforeAsync(connection, "location_checks", "at", before, TimeSpan.FromMinutes(5), cancellationToken);
    }

    public async Task<IReadOnlyList<CommunityReport>> ReadReportsAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var reports = await connection.QueryAsync<ReportRow>(
            "SELECT service, at, reporter, category, note, region FROM reports WHERE at > @Since AND at <= @Until ORDER BY at",
            new { Since = since.ToColumn(), Until = until.ToColumn() });
        return reports.Select(r => new CommunityReport(r.Service, TimeColumns.FromColumn(r.At), r.Reporter, r.Category, r.Note, r.Region)).ToList();
    }

    public async Task<SignalSet> ReadAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var range = new { Since = since.ToColumn(), Until = until.ToColumn() };
        var probes = await connection.QueryAsync<ProbeRow>(
            $"SELECT {ProbeColumns} FROM probe_results WHERE at > @Since AND at <= @Until ORDER BY at", range);
        var chunks = await connection.QueryAsync<ChunkRow>(
            $"SELECT c.hour, {ProbeSeries.Columns}, c.data FROM probe_chunks c JOIN probe_series s ON s.id = c.series " +
            "WHERE c.hour > @EarliestHour AND c.hour <= @Until",
            new { EarliestHour = (since - ProbeChunks.Hour).ToColumn(), range.Until });
        var checks = await connection.QueryAsync<CheckRow>(
            "SELECT location, at, online, detail FROM location_checks WHERE at > @Since AND at <= @Until ORDER BY at", range);
        var official = await connection.QueryAsync<OfficialStatusRow>(
            $"SELECT {OfficialStatusRow.Columns} FROM official_statuses WHERE at > @Since AND at <= @Until ORDER BY at", range);
        var reports = await connection.QueryAsync<ReportRow>(
            "SELECT service, at, reporter, category, note, region FROM reports WHERE at > @Since AND at <= @Until ORDER BY at", range);
        return new SignalSet(
            ProbeChunks.Merge(
                chunks.SelectMany(c => c.ToObservations()).Where(p => p.At > since && p.At <= until),
                probes.Select(p => p.ToObservation())),
            checks.Select(c => new LocationCheck(c.Location, TimeColumns.FromColumn(c.At), c.Online, c.Detail)).ToList(),
            official.Select(o => o.ToObservation()).ToList(),
            reports.Select(r => new CommunityReport(r.Service, TimeColumns.FromColumn(r.At), r.Reporter, r.Category, r.Note, r.Region)).ToList());
    }

    // SQLite gave latency_ms NUMERIC affinity, which stores a whole number of milliseconds as an integer: cast it back.
    private const string ProbeColumns =
        "service, component, endpoint, location, at, outcome, CAST(latency_ms AS DOUBLE PRECISION) AS LatencyMs, status_code AS StatusCode, error_kind AS ErrorKind, details";

    private sealed class ChunkRow
    {
        public long Hour { get; init; }
        public string Service { get; init; } = "";
        public string Component { get; init; } = "";
        public string Endpoint { get; init; } = "";
        public string Location { get; init; } = "";
        public byte[] Data { get; init; } = [];

        public IEnumerable<ProbeObservation> ToObservations() =>
            ProbeChunkCodec.Decode(Service, Component, Endpoint, Location, TimeColumns.FromColumn(Hour), Data);
    }

    private sealed class ProbeRow
    {
        public long Id { get; init; }
        public string Service { get; init; } = "";
        public string Component { get; init; } = "";
        public string Endpoint { get; init; } = "";
        public string Location { get; init; } = "";
        public long At { get; init; }
        public int Outcome { get; init; }
        public double LatencyMs { get; init; }
        public int? StatusCode { get; init; }
        public string? ErrorKind { get; init; }
        public string? Details { get; init; }

        public ProbeObservation ToObservation() => new(Service, Component, Endpoint, Location, TimeColumns.FromColumn(At),
            (ProbeOutcome)Outcome, LatencyMs, StatusCode, ErrorKind, Details is null ? null : JsonSerializer.Deserialize<ProbeDetails>(Details));
    }

    private sealed class CheckRow
    {
        public string Location { get; init; } = "";
        public long At { get; init; }
        public bool Online { get; init; }
        public string? Detail { get; init; }
    }

    private sealed class ReportRow
    {
        public string Service { get; init; } = "";
        public long At { get; init; }
        public string Reporter { get; init; } = "";
        public string Category { get; init; } = "";
        public string? Note { get; init; }
        public string? Region { get; init; }
    }
}
