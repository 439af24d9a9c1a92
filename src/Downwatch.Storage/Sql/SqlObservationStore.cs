using System.Data.Common;
using System.Text.Json;
using Dapper;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Reports;

namespace Downwatch.Storage.Sql;

public sealed class SqlObservationStore(IConnectionFactory connections) : IObservationStore
{
    private static readonly JsonSerializerOptions CompactJson = new()
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task AppendAsync(SignalSet observations, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT INTO probe_results (service, component, endpoint, location, at, outcome, latency_ms, status_code, error_kind, result_id, details) " +
            "VALUES (@Service, @Component, @Endpoint, @Location, @At, @Outcome, @LatencyMs, @StatusCode, @ErrorKind, @ResultId, @Details) " +
            "ON CONFLICT (result_id) DO NOTHING",
            observations.Probes.Select(p => new
            {
                p.Service, p.Component, p.Endpoint, p.Location, At = p.At.ToColumn(), Outcome = (int)p.Outcome,
                p.LatencyMs, p.StatusCode, p.ErrorKind, p.Details?.ResultId,
                Details = p.Details is null ? null : JsonSerializer.Serialize(p.Details, CompactJson),
            }), tx);
        await connection.ExecuteAsync(
            "INSERT INTO location_checks (location, at, online, detail) VALUES (@Location, @At, @Online, @Detail) ON CONFLICT (location, at) DO NOTHING",
            observations.LocationChecks.Select(c => new { c.Location, At = c.At.ToColumn(), c.Online, c.Detail }), tx);
        await connection.ExecuteAsync(
            "INSERT INTO official_statuses (service, component, at, status, title, source_url) VALUES (@Service, @Component, @At, @Status, @Title, @SourceUrl)",
            observations.Official.Select(o => new { o.Service, o.Component, At = o.At.ToColumn(), Status = (int)o.Status, o.Title, o.SourceUrl }), tx);
        InsertReports(connection, tx, observations.Reports);
        await tx.CommitAsync(cancellationToken);
    }

    public async Task AppendReportsAsync(IReadOnlyList<CommunityReport> reports, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        InsertReports(connection, tx, reports);
        await tx.CommitAsync(cancellationToken);
    }

    private static readonly (string Name, System.Data.DbType Type)[] ReportParameters =
    [
        ("@Service", System.Data.DbType.String), ("@At", System.Data.DbType.Int64), ("@Reporter", System.Data.DbType.String),
        ("@Category", System.Data.DbType.String), ("@Note", System.Data.DbType.String), ("@Region", System.Data.DbType.String),
        ("@VoteWindow", System.Data.DbType.Int64),
    ];

    /// <summary>One prepared statement, its parameters rebound per report, all in the caller's transaction.</summary>
    private static void InsertReports(DbConnection connection, DbTransaction tx, IReadOnlyList<CommunityReport> reports)
    {
        if (reports.Count == 0)
        {
            return;
        }

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
        return await connection.ExecuteScalarAsync<long?>("SELECT MIN(at) FROM probe_results") is { } ms ? TimeColumns.FromColumn(ms) : null;
    }

    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await SlicedDelete.BeforeAsync(connection, "probe_results", "at", before, TimeSpan.FromMinutes(5), cancellationToken)
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
            "SELECT service, component, endpoint, location, at, outcome, latency_ms AS LatencyMs, status_code AS StatusCode, error_kind AS ErrorKind, details " +
            "FROM probe_results WHERE at > @Since AND at <= @Until ORDER BY at", range);
        var checks = await connection.QueryAsync<CheckRow>(
            "SELECT location, at, online, detail FROM location_checks WHERE at > @Since AND at <= @Until ORDER BY at", range);
        var official = await connection.QueryAsync<OfficialStatusRow>(
            $"SELECT {OfficialStatusRow.Columns} FROM official_statuses WHERE at > @Since AND at <= @Until ORDER BY at", range);
        var reports = await connection.QueryAsync<ReportRow>(
            "SELECT service, at, reporter, category, note, region FROM reports WHERE at > @Since AND at <= @Until ORDER BY at", range);
        return new SignalSet(
            probes.Select(p => new ProbeObservation(p.Service, p.Component, p.Endpoint, p.Location, TimeColumns.FromColumn(p.At),
                (ProbeOutcome)p.Outcome, p.LatencyMs, p.StatusCode, p.ErrorKind,
                p.Details is null ? null : JsonSerializer.Deserialize<ProbeDetails>(p.Details))).ToList(),
            checks.Select(c => new LocationCheck(c.Location, TimeColumns.FromColumn(c.At), c.Online, c.Detail)).ToList(),
            official.Select(o => o.ToObservation()).ToList(),
            reports.Select(r => new CommunityReport(r.Service, TimeColumns.FromColumn(r.At), r.Reporter, r.Category, r.Note, r.Region)).ToList());
    }

    private sealed class ProbeRow
    {
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
