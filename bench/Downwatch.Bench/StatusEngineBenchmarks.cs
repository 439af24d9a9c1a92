using BenchmarkDotNet.Attributes;
using Downwatch.Catalog;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Status;

namespace Downwatch.Bench;

/// <summary>
/// One status round of <c>downwatch serve</c>: assess every bundled service from a day of probe history
/// (every endpoint, 3 locations, every 180 s). Baseline: one pass that only groups the same observations by
/// service and component — the least any engine has to do with them.
/// </summary>
[MemoryDiagnoser]
public class StatusEngineBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private ServiceCatalog _catalog = default!;
    private SignalSet _signals = SignalSet.Empty;
    private StatusEngine _engine = default!;

    [GlobalSetup]
    public void Setup()
    {
        _catalog = CatalogLoader.LoadDirectory(BenchPaths.Catalog);
        var random = new Random(42);
        var probes = new List<ProbeObservation>();
        string[] locations = ["eu-west", "us-east", "ap-south"];
        foreach (var service in _catalog.Services)
        {
            foreach (var component in service.Components)
            {
                foreach (var endpoint in component.Probes)
                {
                    foreach (var location in locations)
                    {
                        for (var t = Now - TimeSpan.FromDays(1); t <= Now; t += TimeSpan.FromSeconds(180))
                        {
                            var down = random.NextDouble() < 0.02;
                            probes.Add(new ProbeObservation(service.Slug, component.Slug, endpoint.Id, location, t,
                                down ? ProbeOutcome.Down : ProbeOutcome.Up, 150 + random.Next(100), down ? 503 : endpoint.Expect[0]));
                        }
                    }
                }
            }
        }

        _signals = new SignalSet(probes, [], [], []);
        _engine = new StatusEngine(new FixedClock(Now));
        Console.WriteLine($"// {_catalog.Services.Count} services, {probes.Count} probe results");
    }

    [Benchmark(Baseline = true)]
    public int GroupOnly() =>
        _signals.Probes.ToLookup(p => (p.Service, p.Component)).Count;

    [Benchmark]
    public int AssessAll() => _engine.AssessAll(_catalog, _signals).Count;

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
