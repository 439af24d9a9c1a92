using System.Collections.Concurrent;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;
using Downwatch.Probing.Http;
using Downwatch.Probing.Locations;
using Downwatch.Probing.Scheduling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Downwatch.Probing.Tests.ProbeFixtures;
using Downwatch.TestSupport;

namespace Downwatch.Probing.Tests;

public sealed class SchedulerTests : IAsyncLifetime
{
    private MisbehavingUpstream _up = default!;

    public async Task InitializeAsync() => _up = await MisbehavingUpstream.StartAsync();

    public async Task DisposeAsync() => await _up.DisposeAsync();

    [Fact]
    public void Ten_thousand_targets_are_spread_over_their_interval_and_keep_their_place()
    {
        var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var interval = TimeSpan.FromSeconds(60);
        var dues = Enumerable.Range(0, 10_000).Select(i => SlotPlanner.FirstDue($"svc-{i}/api/GET https://x{i}.example/", "eu-west", interval, now)).ToList();
        Assert.All(dues, d => Assert.InRange(d, now, now + interval));
        var perSecond = dues.GroupBy(d => (long)(d - now).TotalSeconds).Select(g => g.Count()).ToList();
        Assert.Equal(60, perSecond.Count);
        Assert.True(perSecond.Max() < 250, $"{perSecond.Max()} targets start in one second (mean 167)");
        Assert.Equal(dues[42], SlotPlanner.FirstDue("svc-42/api/GET https://x42.example/", "eu-west", interval, now));
        Assert.Equal(dues[42] + interval, SlotPlanner.FirstDue("svc-42/api/GET https://x42.example/", "eu-west", interval, dues[42] + TimeSpan.FromTicks(1)));
    }

    [Fact]
    public async Task A_slow_target_misses_its_slots_visibly_and_never_delays_the_others()
    {
        var fast = new ProbeTarget("openai", "api", new ProbeEndpoint { Url = $"{_up.Http}/models", Expect = [401], IntervalSeconds = 1 });
        var slow = new ProbeTarget("openai", "web", new ProbeEndpoint { Url = $"{_up.Http}/slow-headers", Expect = [200], IntervalSeconds = 1 });
        var sink = new CollectingSink();
        var stats = new SchedulerStats();
        var probeOptions = Options.Create(new HttpProbeOptions { TotalTimeout = TimeSpan.FromSeconds(30) });
        using var probe = new HttpProbe(probeOptions, new ErrorSignatureIndex(ProbeFixtures.Catalog), TimeProvider.System, Resolve);
        var probing = Options.Create(new ProbingOptions { Location = "lab", MaxConcurrency = 8, RetryFailures = false });
        using var checks = new ControlChecks(probe, sink,
            Options.Create(new ControlCheckOptions { DnsNames = ["localhost"], Urls = [$"{_up.Http}/ok"] }), probing, TimeProvider.System, Resolve, NullLogger<ControlChecks>.Instance);
        using var scheduler = new ProbeScheduler(new FixedAssignment([fast, slow]), [probe], sink, checks, stats, probing, TimeProvider.System,
            NullLogger<ProbeScheduler>.Instance);

        await scheduler.StartAsync(CancellationToken.None);
        await Eventually.ReachedAsync(() => Task.FromResult(sink.Probes.Count(p => p.Component == "api") >= 4 && stats.Missed >= 2));

        await scheduler.StopAsync(CancellationToken.None);
        Assert.True(sink.Probes.Count(p => p.Component == "api") >= 4);
        Assert.All(sink.Probes.Where(p => p.Component == "api"), p => Assert.Equal(ProbeOutcome.Up, p.Outcome));
        Assert.True(stats.MissedByTarget[slow.Key] >= 2);
        Assert.False(stats.MissedByTarget.ContainsKey(fast.Key));
        Assert.Contains(sink.Checks, c => c.Online && c.Location == "lab");
    }

    [Fact]
    public async Task A_failure_after_a_success_is_retried_before_the_next_slot()
    {
        var down = new ProbeTarget("openai", "api", new ProbeEndpoint { Url = $"{_up.Http}/unavailable", Expect = [401], IntervalSeconds = 5 });
        var sink = new CollectingSink();
        var stats = new SchedulerStats();
        using var probe = new HttpProbe(Options.Create(new HttpProbeOptions()), new ErrorSignatureIndex(ProbeFixtures.Catalog), TimeProvider.System, Resolve);
        var probing = Options.Create(new ProbingOptions { Location = "lab", RetryDelay = TimeSpan.FromSeconds(1) });
        using var checks = new ControlChecks(probe, sink,
            Options.Create(new ControlCheckOptions { DnsNames = ["localhost"], Urls = [$"{_up.Http}/ok"] }), probing, TimeProvider.System, Resolve, NullLogger<ControlChecks>.Instance);
        using var scheduler = new ProbeScheduler(new FixedAssignment([down]), [probe], sink, checks, stats, probing, TimeProvider.System,
            NullLogger<ProbeScheduler>.Instance);
        await scheduler.StartAsync(CancellationToken.None);
        await Eventually.ReachedAsync(() => Task.FromResult(sink.Probes.Count >= 2), TimeSpan.FromSeconds(90));

        await scheduler.StopAsync(CancellationToken.None);
        Assert.Equal(2, sink.Probes.Count);
        Assert.All(sink.Probes, p => Assert.Equal(ProbeOutcome.Down, p.Outcome));
        Assert.Equal(1, stats.Retries);
    }

    [Fact]
    public async Task Each_target_runs_with_the_probe_type_that_handles_it_and_one_no_type_handles_is_left_out()
    {
        var fake = new ProbeTarget("openai", "api", new ProbeEndpoint { Url = "fake://models", Expect = [200], IntervalSeconds = 1 });
        var http = new ProbeTarget("openai", "web", new ProbeEndpoint { Url = $"{_up.Http}/ok", Expect = [200], IntervalSeconds = 1 });
        var nobody = new ProbeTarget("openai", "status", new ProbeEndpoint { Url = "ftp://127.0.0.1/", Expect = [200], IntervalSeconds = 1 });
        var sink = new CollectingSink();
        var fakeProbe = new FakeProbe();
        using var probe = new HttpProbe(Options.Create(new HttpProbeOptions()), new ErrorSignatureIndex(ProbeFixtures.Catalog), TimeProvider.System, Resolve);
        var probing = Options.Create(new ProbingOptions { Location = "lab", RetryFailures = false });
        using var checks = new ControlChecks(probe, sink,
            Options.Create(new ControlCheckOptions { DnsNames = ["localhost"], Urls = [$"{_up.Http}/ok"] }), probing, TimeProvider.System, Resolve, NullLogger<ControlChecks>.Instance);
        using var scheduler = new ProbeScheduler(new FixedAssignment([fake, http, nobody]), [fakeProbe, probe], sink, checks, new SchedulerStats(),
            probing, TimeProvider.System, NullLogger<ProbeScheduler>.Instance);
        await scheduler.StartAsync(CancellationToken.None);
        await Eventually.ReachedAsync(() => Task.FromResult(fakeProbe.Calls >= 2 && sink.Probes.Any(p => p.Component == "web")));

        await scheduler.StopAsync(CancellationToken.None);
        Assert.True(fakeProbe.Calls >= 2);
        Assert.All(sink.Probes.Where(p => p.Component == "api"), p => Assert.Equal(17, p.LatencyMs)); // the fake probe's answers
        Assert.Contains(sink.Probes, p => p.Component == "web" && p.Outcome == ProbeOutcome.Up);
        Assert.DoesNotContain(sink.Probes, p => p.Component == "status");
    }

    private sealed class FakeProbe : IProbe
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public bool Handles(ProbeTarget target) => target.Endpoint.Url.StartsWith("fake://", StringComparison.Ordinal);

        public Task<ProbeObservation> ProbeAsync(ProbeTarget target, string location, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(new ProbeObservation(target.Service, target.Component, target.Endpoint.Id, location, DateTimeOffset.UnixEpoch,
                ProbeOutcome.Up, 17, 200));
        }
    }

    private sealed class FixedAssignment(IReadOnlyList<ProbeTarget> targets) : IProbeAssignment
    {
        public Task<IReadOnlyList<ProbeTarget>> GetAsync(CancellationToken cancellationToken) => Task.FromResult(targets);
    }

    private sealed class CollectingSink : IProbeResultSink
    {
        public ConcurrentQueue<ProbeObservation> Probes { get; } = new();
        public ConcurrentQueue<LocationCheck> Checks { get; } = new();

        public ValueTask WriteAsync(ProbeObservation result, CancellationToken cancellationToken)
        {
            Probes.Enqueue(result);
            return ValueTask.CompletedTask;
        }

        public ValueTask WriteAsync(LocationCheck check, CancellationToken cancellationToken)
        {
            Checks.Enqueue(check);
            return ValueTask.CompletedTask;
        }
    }
}
