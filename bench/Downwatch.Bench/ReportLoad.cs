using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace Downwatch.Bench;

/// <summary>
/// Community report ingestion while pages are under load, against the page-only load of the same run. The server is
/// the real <c>downwatch serve</c> (Release build) in another process on 127.0.0.1 with its own SQLite file; this
/// process is the load generator: bounded keep-alive connections for a bounded time per phase. Reports go to the JSON
/// variant, each from a different User-Agent and network (so a different client: a new vote and its own allowance),
/// and count only when the server answers "stored", which it does after the batch holding them is committed. With
/// <c>--Storage:Provider=postgres --ConnectionStrings:Postgres=…</c> among the server settings it runs on PostgreSQL.
/// </summary>
internal static class ReportLoad
{
    private const string PagePath = "/status/openai";
    private const string ReportPath = "/api/status/openai/reports";

    public static async Task<int> RunAsync(TimeSpan phase, int pageConnections, int reportConnections, string[] serverSettings)
    {
        var server = FindServer();
        var dir = Directory.CreateTempSubdirectory("downwatch-report-load").FullName;
        var port = FreePort();
        using var process = StartServer(server, port, Path.Combine(dir, "downwatch.db"), serverSettings);
        try
        {
            await WaitUntilUpAsync(port);
            Console.WriteLine($"server pid {process.Id} on 127.0.0.1:{port}; {Environment.ProcessorCount} cores; load average at start: {LoadAverage()}");
            Console.WriteLine($"{phase.TotalSeconds:0} s per phase; {pageConnections} page connections; {reportConnections} report connections");

            // Pages need a longer warm-up than reports: tiered compilation of the Razor rendering takes a while.
            await RunPhaseAsync("warm-up pages", port, process, TimeSpan.FromSeconds(15), pageConnections, 0);
            await RunPhaseAsync("warm-up both", port, process, TimeSpan.FromSeconds(5), pageConnections, reportConnections);
            var pagesOnly = await RunPhaseAsync("pages only", port, process, phase, pageConnections, 0);
            var reportsOnly = await RunPhaseAsync("reports only", port, process, phase, 0, reportConnections);
            var mixed = await RunPhaseAsync("pages + reports", port, process, phase, pageConnections, reportConnections);
            var halfRate = pagesOnly.PagesPerSecond / 2;
            var steady = await RunPhaseAsync("pages at half the page-only rate + reports", port, process, phase, pageConnections, reportConnections, halfRate);
            var loadAtEnd = LoadAverage();

            process.Kill(); // SIGKILL: what is acknowledged is committed, so the row count below must cover it
            await process.WaitForExitAsync();
            var rows = CountRows(Path.Combine(dir, "downwatch.db"), serverSettings);

            Console.WriteLine();
            Console.WriteLine("| phase | pages/s | reports acknowledged/s | page latency avg | report latency avg | server CPU ms per request | errors |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var r in new[] { pagesOnly, reportsOnly, mixed, steady })
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {r.Name} | {r.PagesPerSecond:0} | {r.ReportsPerSecond:0} | {r.PageLatencyMs:0.0} ms | {r.ReportLatencyMs:0.0} ms | {r.ServerCpuMsPerRequest:0.000} | {r.Errors} |"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pages during the flood: {mixed.PagesPerSecond / pagesOnly.PagesPerSecond:0.00} of page-only; reports under page load: {mixed.ReportsPerSecond:0}/s ({mixed.ReportsPerSecond / reportsOnly.ReportsPerSecond:0.00} of reports alone)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pages at a fixed {halfRate:0}/s (half the page-only rate): served {steady.PagesPerSecond:0}/s at {steady.PageLatencyMs:0.0} ms; reports meanwhile: {steady.ReportsPerSecond:0}/s ({steady.ReportsPerSecond / reportsOnly.ReportsPerSecond:0.00} of reports alone)"));
            var acknowledged = pagesOnly.Stored + reportsOnly.Stored + mixed.Stored + steady.Stored;
            Console.WriteLine($"acknowledged in measured phases: {acknowledged}; rows in reports after SIGKILL (warm-up included): {rows}");
            Console.WriteLine($"load average at end: {loadAtEnd}");
            return rows >= acknowledged ? 0 : 1;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>One phase; pages as fast as the connections allow, or at <paramref name="pageRate"/> per second in all.</summary>
    private static async Task<Phase> RunPhaseAsync(string name, int port, Process server, TimeSpan duration, int pageConnections,
        int reportConnections, double pageRate = 0)
    {
        var counters = new Counters();
        using var cts = new CancellationTokenSource(duration);
        var run = Guid.NewGuid().ToString("N")[..8];
        var cpuBefore = ServerCpu(server);
        var wall = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, pageConnections).Select(i => PageLoopAsync(port, counters, pageRate / pageConnections, (double)i / pageConnections, cts.Token))
            .Concat(Enumerable.Range(0, reportConnections).Select(i => ReportLoopAsync(port, $"{run}-{i}", counters, cts.Token)))
            .ToList();
        await Task.WhenAll(workers);
        var seconds = wall.Elapsed.TotalSeconds;
        var cpu = (ServerCpu(server) - cpuBefore).TotalMilliseconds;
        var phase = new Phase(name, counters.Pages / seconds, counters.Stored / seconds, counters.Stored,
            counters.Pages == 0 ? 0 : counters.PageTicks * 1000.0 / Stopwatch.Frequency / counters.Pages,
            counters.Stored == 0 ? 0 : counters.ReportTicks * 1000.0 / Stopwatch.Frequency / counters.Stored,
            counters.Pages + counters.Stored == 0 ? 0 : cpu / (counters.Pages + counters.Stored), counters.Errors);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {counters.Pages} pages, {counters.Stored} reports stored, {counters.Errors} other answers in {seconds:0.0} s; server CPU {cpu / 1000 / seconds:0.00} cores; load average {LoadAverage()}"));
        return phase;
    }

    private static async Task PageLoopAsync(int port, Counters counters, double rate, double offset, CancellationToken ct)
    {
        var request = Http1Connection.Request("GET", PagePath, port);
        using var connection = await Http1Connection.OpenAsync(port, CancellationToken.None);
        var interval = rate > 0 ? (long)(Stopwatch.Frequency / rate) : 0;
        var due = Stopwatch.GetTimestamp() - interval + (long)(interval * offset); // connections spread over one interval
        while (!ct.IsCancellationRequested)
        {
            if (interval > 0)
            {
                // A fixed schedule: wait for the next slot; a late connection sends at once (no burst to catch up).
                due = Math.Max(due + interval, Stopwatch.GetTimestamp() - interval);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, CancellationToken.None);
                }
            }

            var started = Stopwatch.GetTimestamp();
            var (status, _) = await connection.SendAsync(request, CancellationToken.None);
            if (status == 200)
            {
                Interlocked.Increment(ref counters.Pages);
                Interlocked.Add(ref counters.PageTicks, Stopwatch.GetTimestamp() - started);
            }
            else
            {
                Interlocked.Increment(ref counters.Errors);
            }
        }
    }

    /// <summary>Reports sent so far: each comes from a network of its own.</summary>
    private static long _reporters;

    private static async Task ReportLoopAsync(int port, string client, Counters counters, CancellationToken ct)
    {
        using var connection = await Http1Connection.OpenAsync(port, CancellationToken.None);
        for (var i = 0; !ct.IsCancellationRequested; i++)
        {
            var n = Interlocked.Increment(ref _reporters);
            var request = Http1Connection.Request("POST", ReportPath, port, $"bench/{client}-{i}", """{"category":"api-errors"}""",
                $"{10 + (n >> 16) % 200}.{(n >> 8) & 255}.{n & 255}.1");
            var started = Stopwatch.GetTimestamp();
            var (status, body) = await connection.SendAsync(request, CancellationToken.None);
            if (status == 200 && body.Span.IndexOf("\"stored\""u8) >= 0)
            {
                Interlocked.Increment(ref counters.Stored);
                Interlocked.Add(ref counters.ReportTicks, Stopwatch.GetTimestamp() - started);
            }
            else
            {
                Interlocked.Increment(ref counters.Errors);
            }
        }
    }

    private static string FindServer()
    {
        var dll = Path.Combine(Path.GetDirectoryName(BenchPaths.Catalog)!, "src", "Downwatch.Web", "bin", "Release", "net10.0", "downwatch.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the server first: dotnet build src/Downwatch.Web -c Release", dll);
    }

    private static Process StartServer(string dll, int port, string database, string[] settings)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[dll, "serve", "--urls", $"http://127.0.0.1:{port}", $"--Storage:SqlitePath={database}",
                     "--Probing:Enabled=false", "--OfficialStatus:Enabled=false", "--Logging:LogLevel:Default=Warning",
                     // Each report from a network of its own (X-Forwarded-For, trusted from 127.0.0.1 here) with the
                     // per-network allowance raised: what is measured is the storage path, not the flood guard.
                     "--ForwardedHeaders:KnownProxies=127.0.0.1", "--Reports:PermitsPerClient=10000", "--Reports:PermitWindow=00:00:01", .. settings])
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"server: {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilUpAsync(int port)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        for (var attempt = 0; attempt < 300; attempt++)
        {
            try
            {
                using var response = await http.GetAsync(PagePath);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The server did not answer within 60 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static TimeSpan ServerCpu(Process server)
    {
        server.Refresh();
        return server.TotalProcessorTime;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>Rows in <c>reports</c>: in the PostgreSQL database the settings name, else in the SQLite file.</summary>
    private static long CountRows(string database, string[] settings)
    {
        const string Postgres = "--ConnectionStrings:Postgres=";
        if (settings.FirstOrDefault(s => s.StartsWith(Postgres, StringComparison.Ordinal)) is { } setting)
        {
            using var pg = new Npgsql.NpgsqlConnection(setting[Postgres.Length..]);
            pg.Open();
            using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM reports", pg);
            return (long)count.ExecuteScalar()!;
        }

        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM reports";
        return (long)command.ExecuteScalar()!;
    }

    private sealed class Counters
    {
        public long Pages;
        public long Stored;
        public long Errors;
        public long PageTicks;
        public long ReportTicks;
    }

    private sealed record Phase(string Name, double PagesPerSecond, double ReportsPerSecond, long Stored, double PageLatencyMs,
        double ReportLatencyMs, double ServerCpuMsPerRequest, long Errors);
}
