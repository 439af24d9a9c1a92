using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Downwatch.Catalog;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;
using Downwatch.Probing;
using Downwatch.Probing.Http;
using Downwatch.Probing.Locations;
using Downwatch.Probing.Scheduling;
using Downwatch.Storage;
using Downwatch.Storage.Sql;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Downwatch.Bench;

/// <summary>
/// 10,000 endpoints at a 60 s interval against a local upstream (another process): the real scheduler, HTTP probe
/// and SQLite writes, beside a baseline in the same run — the same schedule with a bare pooled HttpClient GET
/// whose results are thrown away. Reports start jitter, probes/s, CPU per probe, RSS and database growth.
/// </summary>
internal static class ProbeLoad
{
    public static async Task<int> RunAsync(int targets, TimeSpan duration, TimeSpan baselineDuration)
    {
        using var upstream = StartUpstreamProcess(out var port);
        Console.WriteLine($"upstream pid {upstream.Id} on port {port}; {targets} targets at 60 s; {Environment.ProcessorCount} cores");
        var list = Enumerable.Range(0, targets).Select(i => new ProbeTarget($"svc-{i / 10}", $"c{i % 10}",
            new ProbeEndpoint { Url = $"http://127.0.0.1:{port}/v1/models?target={i}", Expect = [401], ExpectError = "authentication-failed", IntervalSeconds = 60 })).ToList();

        var baseline = await RunBaselineAsync(list, baselineDuration);
        var real = await RunDownwatchAsync(list, duration);
        upstream.Kill(true);

        Console.WriteLine();
        Console.WriteLine("| run | minutes | probes | probes/s | start jitter p50 / p99 | CPU ms per probe | CPU % of one core | peak RSS | DB bytes per probe | DB growth per day |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in new[] { baseline, real })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Minutes:0.0} | {r.Probes} | {r.ProbesPerSecond:0.0} | {r.JitterP50:0} ms / {r.JitterP99:0} ms | {r.CpuMsPerProbe:0.000} | {r.CpuPercent:0.0} % | {r.PeakRssMb:0} MB | {r.DbBytesPerProbe:0} | {r.DbBytesPerProbe * targets * 1440 / 1e9:0.00} GB |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU per probe, Downwatch / baseline: {real.CpuMsPerProbe / baseline.CpuMsPerProbe:0.00}"));
        return 0;
    }

    private static async Task<Run> RunDownwatchAsync(List<ProbeTarget> targets, TimeSpan duration)
    {
        var dir = Directory.CreateTempSubdirectory("downwatch-bench").FullName;
        var connections = new SqliteConnectionFactory(Path.Combine(dir, "bench.db"));
        new DatabaseMigrator(connections).MigrateUp();
        var sink = new BatchingSink(new SqlObservationStore(connections));
        var catalog = CatalogLoader.LoadDirectory(BenchPaths.Catalog);
        using var probe = new HttpProbe(Options.Create(new HttpProbeOptions()), new ErrorSignatureIndex(catalog), TimeProvider.System,
            (host, ct) => ValueTask.FromResult(new[] { IPAddress.Loopback }));
        var probing = Options.Create(new ProbingOptions { Location = "bench", MaxConcurrency = 256, RetryFailures = true });
        var stats = new SchedulerStats();
        var controlUrl = targets[0].Endpoint.Url;
        using var checks = new ControlChecks(probe, sink, Options.Create(new ControlCheckOptions { DnsNames = ["localhost"], Urls = [controlUrl] }),
            probing, TimeProvider.System, (host, ct) => ValueTask.FromResult(new[] { IPAddress.Loopback }), NullLogger<ControlChecks>.Instance);
        using var scheduler = new ProbeScheduler(new Fixed(targets), [probe], sink, checks, stats, probing, TimeProvider.System,
            NullLogger<ProbeScheduler>.Instance);
        var run = await MeasureAsync("Downwatch probe (timings, TLS, body signals, SQLite)", duration, stats, async ct =>
        {
            await scheduler.StartAsync(ct);
            var writer = sink.RunAsync(ct);
            await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            await scheduler.StopAsync(CancellationToken.None);
            await writer;
        });
        await using (var connection = await connections.OpenAsync())
        {
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await checkpoint.ExecuteNonQueryAsync();
        }

        var dbBytes = Directory.GetFiles(dir).Sum(f => new FileInfo(f).Length);
        return run with { DbBytesPerProbe = sink.Stored == 0 ? 0 : (double)dbBytes / sink.Stored };
    }

    private static async Task<Run> RunBaselineAsync(List<ProbeTarget> targets, TimeSpan duration)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 });
        var stats = new SchedulerStats();
        return await MeasureAsync("baseline (same schedule, bare pooled GET)", duration, stats, async ct =>
        {
            var start = TimeProvider.System.GetUtcNow();
            var queue = new PriorityQueue<ProbeTarget, DateTimeOffset>();
            foreach (var t in targets)
            {
                queue.Enqueue(t, SlotPlanner.FirstDue(t.Key, "bench", t.Interval, start));
            }

            using var gate = new SemaphoreSlim(256);
            while (!ct.IsCancellationRequested)
            {
                queue.TryPeek(out _, out var due);
                var wait = due - TimeProvider.System.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, ct).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                    continue;
                }

                var target = queue.Dequeue();
                queue.Enqueue(target, due + target.Interval);
                _ = Task.Run(async () =>
                {
                    await gate.WaitAsync();
                    try
                    {
                        stats.RecordStart(TimeProvider.System.GetUtcNow() - due);
                        using var response = await http.GetAsync(target.Endpoint.Url);
                        await response.Content.ReadAsByteArrayAsync();
                    }
                    catch (HttpRequestException)
                    {
                    }
                    finally
                    {
                        gate.Release();
                    }
                }, CancellationToken.None);
            }
        });
    }

    private static async Task<Run> MeasureAsync(string name, TimeSpan duration, SchedulerStats stats, Func<CancellationToken, Task> body)
    {
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(duration);
        long peak = 0;
        var sampler = Task.Run(async () =>
        {
            while (!cts.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(1000).ConfigureAwait(false);
            }
        });
        await body(cts.Token);
        await sampler;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        var seconds = wall.Elapsed.TotalSeconds;
        var probes = stats.Started;
        Console.WriteLine($"{name}: {probes} probes in {seconds:0} s");
        return new Run(name, seconds / 60, probes, probes / seconds, stats.LatenessPercentile(50), stats.LatenessPercentile(99),
            probes == 0 ? 0 : cpu / probes, cpu / (seconds * 1000) * 100, peak / 1024.0 / 1024.0, 0);
    }

    internal static Process StartUpstreamProcess(out int port)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("upstream");
        var process = Process.Start(info)!;
        var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("upstream did not start");
        port = int.Parse(line, CultureInfo.InvariantCulture);
        return process;
    }

    /// <summary>The other process: answers every request like a keyless LLM API, and streams a correct answer to a
    /// chat completion (see <see cref="InferenceCpu"/>).</summary>
    public static async Task<int> ServeUpstreamAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/v1/models", () => Results.Content("""{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}""", "application/json", statusCode: 401));
        app.MapPost("/v1/chat/completions", InferenceCpu.StreamAsync);
        await app.StartAsync();
        Console.WriteLine(new Uri(app.Urls.First()).Port);
        await app.WaitForShutdownAsync(CancellationToken.None);
        return 0;
    }

    private sealed record Run(string Name, double Minutes, long Probes, double ProbesPerSecond, double JitterP50, double JitterP99,
        double CpuMsPerProbe, double CpuPercent, double PeakRssMb, double DbBytesPerProbe);

    private sealed class Fixed(IReadOnlyList<ProbeTarget> targets) : IProbeAssignment
    {
        public Task<IReadOnlyList<ProbeTarget>> GetAsync(CancellationToken cancellationToken) => Task.FromResult(targets);
    }

    /// <summary>Stores results in batches of up to 1,000, as serve's writer does.</summary>
    private sealed class BatchingSink(IObservationStore store) : IProbeResultSink
    {
        private readonly ConcurrentQueue<ProbeObservation> _probes = new();
        private readonly ConcurrentQueue<LocationCheck> _checks = new();

        public long Stored { get; private set; }

        public ValueTask WriteAsync(ProbeObservation result, CancellationToken cancellationToken)
        {
            _probes.Enqueue(result);
            return ValueTask.CompletedTask;
        }

        public ValueTask WriteAsync(LocationCheck check, CancellationToken cancellationToken)
        {
            _checks.Enqueue(check);
            return ValueTask.CompletedTask;
        }

        public async Task RunAsync(CancellationToken ct)
        {
            while (!ct.IsCancellationRequested || !_probes.IsEmpty)
            {
                var probes = new List<ProbeObservation>();
                while (probes.Count < 1000 && _probes.TryDequeue(out var p))
                {
                    probes.Add(p);
                }

                var checks = new List<LocationCheck>();
                while (_checks.TryDequeue(out var c))
                {
                    checks.Add(c);
                }

                if (probes.Count + checks.Count > 0)
                {
                    await store.AppendAsync(new SignalSet(probes, checks, [], []), CancellationToken.None);
                    Stored += probes.Count;
                }
                else
                {
                    await Task.Delay(200, CancellationToken.None);
                }
            }
        }
    }
}
