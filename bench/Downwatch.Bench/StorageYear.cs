using System.Diagnostics;
using System.Globalization;
using Dapper;
using Downwatch.Domain.History;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Status;
using Downwatch.Status.History;
using Downwatch.Storage;
using Downwatch.Storage.Sql;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Downwatch.Bench;

/// <summary>
/// Probe history at a year's scale: endpoints × 3 locations probed every 60 s for 365 simulated days (time
/// compressed). The first days, older than the raw retention, are generated on demand and rolled up by the same code
/// the status core uses (<see cref="ProbeRollup"/> and the rollup store, pruning included) without their raw rows ever
/// being written; the last days are written as raw results and go through <see cref="ProbeHistory"/> itself (rollup,
/// packing, pruning, baselines). Prints what each table holds, bytes per result and per rollup, the steady state
/// projected for 1,000 endpoints, and the time of one history round at this size against the same round on an empty
/// database.
/// </summary>
internal static class StorageYear
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(int endpoints, int rawDays, string provider)
    {
        var storage = new StorageOptions();
        var end = Start.AddDays(365);
        var rawStart = end - TimeSpan.FromDays(rawDays);
        var history = new SyntheticProbeHistory(endpoints, Start);
        Console.WriteLine($"{provider}: {endpoints} endpoints × {SyntheticProbeHistory.Locations.Length} locations every 60 s, 365 days, " +
            $"the last {rawDays} written raw; retention raw {storage.ProbeRetentionDays} d, hourly {storage.HourlyRetentionDays} d, daily {storage.DailyRetentionDays} d");

        await using var database = await BenchDatabase.CreateAsync(provider);
        var rollups = new SqlRollupStore(database.Connections);
        var clock = new SettableClock();
        var watch = Stopwatch.StartNew();
        await RollUpGeneratedAsync(history, rollups, storage, rawStart, database);
        Console.WriteLine($"generated history rolled up in {watch.Elapsed.TotalSeconds:F0} s");

        watch.Restart();
        var observations = new SqlObservationStore(database.Connections);
        var probeHistory = NewHistory(observations, rollups, storage, clock);
        TimeSpan lastRound = default;
        for (var hour = rawStart; hour < end; hour += Hour)
        {
            await observations.AppendAsync(new SignalSet(history.Hour(hour), [], [], []));
            clock.Now = hour + Hour + ProbeHistory.Grace;
            var round = Stopwatch.StartNew();
            await probeHistory.RunAsync(CancellationToken.None);
            lastRound = round.Elapsed;
            await database.AfterSimulatedHourAsync(hour);
        }

        Console.WriteLine($"{rawDays} days of raw results written, rolled up, packed and pruned in {watch.Elapsed.TotalSeconds:F0} s");
        var window = Stopwatch.StartNew();
        var recent = await observations.ReadAsync(clock.Now - TimeSpan.FromMinutes(20), clock.Now);
        var windowRead = window.Elapsed;

        var tables = await database.TablesAsync();
        var total = await database.SizeAsync();
        Report(tables, total, endpoints, storage);

        var (emptyRound, emptyWindow) = await EmptyDatabaseRoundAsync(provider, history, storage, end - Hour);
        Console.WriteLine();
        Console.WriteLine($"| one history round (roll up, pack, prune, rebuild baselines) | {lastRound.TotalMilliseconds:F0} ms | {emptyRound.TotalMilliseconds:F0} ms | {lastRound / emptyRound:F1}× |");
        Console.WriteLine($"| the status window's read of the last 20 min ({recent.Probes.Count} results) | {windowRead.TotalMilliseconds:F0} ms | {emptyWindow.TotalMilliseconds:F0} ms | {windowRead / emptyWindow:F1}× |");
        return 0;
    }

    /// <summary>Hour by hour from the first generated result to <paramref name="until"/>, as the status core would have, a
    /// day's rollup once its hours are in, pruning each simulated day.</summary>
    private static async Task RollUpGeneratedAsync(SyntheticProbeHistory history, SqlRollupStore rollups, StorageOptions storage, DateTimeOffset until,
        BenchDatabase database)
    {
        for (var day = Start; day < until; day += TimeSpan.FromDays(1))
        {
            for (var hour = day; hour < day + TimeSpan.FromDays(1) && hour < until; hour += Hour)
            {
                await rollups.ReplaceAsync(RollupSpan.Hour, hour, ProbeRollup.Hourly(history.Hour(hour)));
                await rollups.SetProgressAsync(RollupSpan.Hour, hour + Hour);
            }

            if (day + TimeSpan.FromDays(1) <= until)
            {
                var hourly = await rollups.ReadAsync(RollupSpan.Hour, day, day + TimeSpan.FromDays(1));
                await rollups.ReplaceAsync(RollupSpan.Day, day, ProbeRollup.Daily(hourly));
                await rollups.SetProgressAsync(RollupSpan.Day, day + TimeSpan.FromDays(1));
            }

            var now = day + TimeSpan.FromDays(1);
            await rollups.PruneAsync(RollupSpan.Hour, now - TimeSpan.FromDays(storage.HourlyRetentionDays));
            await rollups.PruneAsync(RollupSpan.Day, now - TimeSpan.FromDays(storage.DailyRetentionDays));
            await database.AfterSimulatedHourAsync(day + TimeSpan.FromHours(23));
        }
    }

    private static async Task<(TimeSpan Round, TimeSpan Window)> EmptyDatabaseRoundAsync(string provider, SyntheticProbeHistory history,
        StorageOptions storage, DateTimeOffset hour)
    {
        await using var database = await BenchDatabase.CreateAsync(provider);
        var observations = new SqlObservationStore(database.Connections);
        await observations.AppendAsync(new SignalSet(history.Hour(hour), [], [], []));
        var clock = new SettableClock { Now = hour + Hour + ProbeHistory.Grace };
        var probeHistory = NewHistory(observations, new SqlRollupStore(database.Connections), storage, clock);
        var round = Stopwatch.StartNew();
        await probeHistory.RunAsync(CancellationToken.None);
        var elapsed = round.Elapsed;
        var window = Stopwatch.StartNew();
        await observations.ReadAsync(clock.Now - TimeSpan.FromMinutes(20), clock.Now);
        return (elapsed, window.Elapsed);
    }

    private static ProbeHistory NewHistory(IObservationStore observations, IRollupStore rollups, StorageOptions storage, TimeProvider clock) =>
        new(observations, rollups, Options.Create(storage), Options.Create(new EngineOptions()), clock, NullLogger<ProbeHistory>.Instance);

    private static void Report(IReadOnlyList<(string Table, long Rows, long Bytes, long Results)> tables, long total, int endpoints, StorageOptions storage)
    {
        Console.WriteLine();
        Console.WriteLine("| table | rows | results | bytes | bytes per row | bytes per result |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (table, rows, bytes, results) in tables)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {table} | {rows:N0} | {results:N0} | {bytes:N0} | {(rows == 0 ? 0 : bytes / (double)rows):F0} | {(results == 0 ? "" : (bytes / (double)results).ToString("F1", CultureInfo.InvariantCulture))} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| whole database | | | {total:N0} | | |"));

        // Steady state for 1,000 endpoints × 3 locations at 60 s: each table at its retention, at the bytes measured here.
        const double series = 1000 * 3;
        // The raw table holds the last hour or two (what is not packed yet): its size follows the number of endpoints.
        (long Rows, long Bytes, long Results) Of(string table) => tables.Single(t => t.Table == table) is var t ? (t.Rows, t.Bytes, t.Results) : default;
        double PerRow(string table) => Of(table).Rows > 0 ? Of(table).Bytes / (double)Of(table).Rows : 0;
        var perResult = Of("probe_chunks").Bytes / (double)Math.Max(1, Of("probe_chunks").Results);
        var projected = perResult * series * 1440 * storage.ProbeRetentionDays
            + (Of("probe_results").Bytes + Of("probe_series").Bytes) * 1000.0 / endpoints
            + PerRow("probe_hourly") * series * 24 * storage.HourlyRetentionDays
            + PerRow("probe_daily") * series * storage.DailyRetentionDays;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"packed raw history: {perResult:F1} bytes per result; steady state for 1,000 endpoints × 3 locations: {projected / 1e9:F2} GB " +
            $"(measured here with {endpoints} endpoints: {total / 1e9:F2} GB)"));
    }

    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = Start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>A scratch database of either engine, deleted afterwards.</summary>
    private sealed class BenchDatabase : IAsyncDisposable
    {
        private readonly string? _file;
        private readonly string? _postgresName;

        private BenchDatabase(IConnectionFactory connections, string? file, string? postgresName)
        {
            Connections = connections;
            _file = file;
            _postgresName = postgresName;
        }

        public IConnectionFactory Connections { get; }

        public static async Task<BenchDatabase> CreateAsync(string provider)
        {
            BenchDatabase database;
            if (provider == "postgres")
            {
                var admin = Environment.GetEnvironmentVariable("DOWNWATCH_TEST_POSTGRES")
                    ?? throw new InvalidOperationException("Set DOWNWATCH_TEST_POSTGRES to a connection string whose role may create databases.");
                var name = $"downwatch_year_{Guid.NewGuid():N}";
                await using (var connection = new NpgsqlConnection(admin))
                {
                    await connection.ExecuteAsync($"CREATE DATABASE {name}");
                }

                database = new BenchDatabase(new PostgresConnectionFactory(new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString), null, name);
            }
            else
            {
                var file = Path.Combine(Directory.CreateTempSubdirectory("downwatch-year").FullName, "downwatch.db");
                database = new BenchDatabase(new SqliteConnectionFactory(file), file, null);
            }

            new DatabaseMigrator(database.Connections).MigrateUp();
            return database;
        }

        /// <summary>PostgreSQL's autovacuum would have had real days; here it gets a VACUUM each simulated day.</summary>
        public async Task AfterSimulatedHourAsync(DateTimeOffset hour)
        {
            if (_postgresName is not null && hour.Hour == 23)
            {
                await using var connection = await Connections.OpenAsync();
                await connection.ExecuteAsync("VACUUM");
            }
        }

        public async Task<IReadOnlyList<(string Table, long Rows, long Bytes, long Results)>> TablesAsync()
        {
            await using var connection = await Connections.OpenAsync();
            var tables = new List<(string, long, long, long)>();
            foreach (var table in new[] { "probe_results", "probe_chunks", "probe_hourly", "probe_daily", "probe_series" })
            {
                var rows = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
                var results = table switch
                {
                    "probe_results" => rows,
                    "probe_chunks" => await connection.ExecuteScalarAsync<long?>("SELECT SUM(results) FROM probe_chunks") ?? 0,
                    _ => 0,
                };
                var bytes = _postgresName is not null
                    ? await connection.ExecuteScalarAsync<long>($"SELECT pg_total_relation_size('{table}')")
                    : await SqliteTableBytesAsync(table);
                tables.Add((table, rows, bytes, results));
            }

            return tables;
        }

        /// <summary>This SQLite has no dbstat table: what a copy of the file loses when the table and its indexes are dropped.</summary>
        private async Task<long> SqliteTableBytesAsync(string table)
        {
            await SizeAsync();
            return await VacuumedCopyAsync(null) - await VacuumedCopyAsync(table);
        }

        private async Task<long> VacuumedCopyAsync(string? dropTable)
        {
            var copy = _file + ".copy";
            File.Copy(_file!, copy, overwrite: true);
            await using (var connection = new SqliteConnection($"Data Source={copy};Pooling=False"))
            {
                await connection.OpenAsync();
                await connection.ExecuteAsync(dropTable is null ? "VACUUM" : $"DROP TABLE {dropTable}; VACUUM;");
            }

            var bytes = new FileInfo(copy).Length;
            File.Delete(copy);
            return bytes;
        }

        public async Task<long> SizeAsync()
        {
            await using var connection = await Connections.OpenAsync();
            if (_postgresName is not null)
            {
                await connection.ExecuteAsync("VACUUM");
                return await connection.ExecuteScalarAsync<long>("SELECT pg_database_size(current_database())");
            }

            await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
            return new FileInfo(_file!).Length; // includes pages freed by pruning and not yet reused
        }

        public async ValueTask DisposeAsync()
        {
            (Connections as IDisposable)?.Dispose();
            if (_file is not null)
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(Path.GetDirectoryName(_file)!, recursive: true);
            }
            else
            {
                NpgsqlConnection.ClearAllPools();
                await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("DOWNWATCH_TEST_POSTGRES"));
                await connection.ExecuteAsync($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)");
            }
        }
    }
}
