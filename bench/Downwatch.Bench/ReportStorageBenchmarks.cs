using BenchmarkDotNet.Attributes;
using Dapper;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Reports;
using Downwatch.Storage;
using Downwatch.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Downwatch.Bench;

/// <summary>
/// Committing one batch of 64 community reports (what the report writer commits under a flood from 64 connections)
/// to SQLite in WAL mode with synchronous=NORMAL. Baseline: the path the report writer used before, copied here — a
/// whole signal set through Dapper (the empty probe, check and vendor inserts included). Measured: the reports-only
/// path of <see cref="SqlObservationStore.AppendReportsAsync"/>, one prepared statement rebound per report, one transaction.
/// </summary>
[MemoryDiagnoser]
public class ReportStorageBenchmarks
{
    private const int Batch = 64;
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private string _directory = "";
    private SqliteConnectionFactory _connections = default!;
    private SqlObservationStore _store = default!;
    private long _next;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("downwatch-report-storage").FullName;
        _connections = new SqliteConnectionFactory(Path.Combine(_directory, "bench.db"));
        new DatabaseMigrator(_connections).MigrateUp();
        _store = new SqlObservationStore(_connections);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private List<CommunityReport> NextBatch()
    {
        var reports = new List<CommunityReport>(Batch);
        for (var i = 0; i < Batch; i++)
        {
            var n = _next++;
            reports.Add(new CommunityReport("openai", Start.AddMilliseconds(n), $"{n:x32}", "api-errors"));
        }

        return reports;
    }

    [Benchmark(Baseline = true, Description = "signal set through Dapper (before)")]
    public async Task SignalSetThroughDapper()
    {
        var reports = NextBatch();
        await using var connection = await _connections.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(
            "INSERT INTO probe_results (service, component, endpoint, location, at, outcome, latency_ms, status_code, error_kind, result_id, details) " +
            "VALUES (@Service, @Component, @Endpoint, @Location, @At, @Outcome, @LatencyMs, @StatusCode, @ErrorKind, @ResultId, @Details) " +
            "ON CONFLICT (result_id) DO NOTHING", Array.Empty<object>(), tx);
        await connection.ExecuteAsync(
            "INSERT INTO location_checks (location, at, online, detail) VALUES (@Location, @At, @Online, @Detail) ON CONFLICT (location, at) DO NOTHING",
            Array.Empty<object>(), tx);
        await connection.ExecuteAsync(
            "INSERT INTO official_statuses (service, component, at, status, title, source_url) VALUES (@Service, @Component, @At, @Status, @Title, @SourceUrl)",
            Array.Empty<object>(), tx);
        await connection.ExecuteAsync(
            "INSERT INTO reports (service, at, reporter, category, note, region, vote_window) " +
            "VALUES (@Service, @At, @Reporter, @Category, @Note, @Region, @VoteWindow) ON CONFLICT DO NOTHING",
            reports.Select(r => new
            {
                r.Service, At = r.At.ToUnixTimeMilliseconds(), r.Reporter, r.Category, r.Note, r.Region,
                VoteWindow = ReportCategories.VoteWindowStart(r.At, ReportCategories.VoteWindow).ToUnixTimeMilliseconds(),
            }), tx);
        await tx.CommitAsync();
    }

    [Benchmark(Description = "reports, one prepared statement (now)")]
    public Task Reports() => _store.AppendReportsAsync(NextBatch());
}
