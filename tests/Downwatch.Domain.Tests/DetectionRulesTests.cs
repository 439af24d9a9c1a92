using Downwatch.Domain.Observations;
using Downwatch.Domain.Status;
using Microsoft.Extensions.Time.Testing;
using static Downwatch.Domain.Tests.TestCatalog;

namespace Downwatch.Domain.Tests;

/// <summary>Failure rates with hysteresis and dwell, latency k-of-n, the diagnosis quorum and stale signals.</summary>
public class DetectionRulesTests
{
    private static ServiceAssessment Assess(SignalSet signals) => new StatusEngine(new FakeTimeProvider(Now)).Assess(Service, signals);

    /// <summary>Scheduled probes every <paramref name="every"/> over the last 20 minutes, with the scheduler's retry
    /// two seconds after a failure that follows a success; <paramref name="fails"/> decides each request by its number.</summary>
    internal static IEnumerable<ProbeObservation> Timeline(string component, string location, Func<int, bool> fails,
        TimeSpan? every = null, double latency = 150)
    {
        var step = every ?? TimeSpan.FromMinutes(2);
        var request = 0;
        var lastDown = false;
        for (var ago = TimeSpan.FromMinutes(20); ago > TimeSpan.Zero; ago -= step)
        {
            var down = fails(request++);
            yield return Probe(component, location, ago, down ? ProbeOutcome.Down : ProbeOutcome.Up, latency);
            if (down && !lastDown)
            {
                var retryDown = fails(request++);
                yield return Probe(component, location, ago - TimeSpan.FromSeconds(2), retryDown ? ProbeOutcome.Down : ProbeOutcome.Up, latency);
                down = retryDown;
            }

            lastDown = down;
        }
    }

    [Fact]
    public void Every_other_request_failing_is_not_hidden_by_retries()
    {
        // Each scheduled probe fails and its retry succeeds: the old streak rule called this "operational, local issue".
        var probes = Locations.SelectMany(l => Timeline("api", l, i => i % 2 == 0));
        var a = Assess(Signals(probes));
        Assert.Equal(ServiceStatus.MajorOutage, a.FindComponent("api")!.Status);
        Assert.NotEqual(Diagnosis.LocalIssue, a.Diagnosis);
        Assert.Contains(a.Evidence, e => e.Text.Contains("eu-west 4/9", StringComparison.Ordinal));
    }

    [Fact]
    public void A_low_steady_failure_rate_is_degraded_not_an_outage()
    {
        var probes = Locations.SelectMany(l => Timeline("api", l, i => i % 4 == 0, TimeSpan.FromMinutes(1)));
        var a = Assess(Signals(probes));
        Assert.Equal(ServiceStatus.Degraded, a.FindComponent("api")!.Status);
        Assert.Contains(a.Evidence, e => e.Text.Contains("answered with some errors from 3 of 3", StringComparison.Ordinal));
    }

    [Fact]
    public void Noise_below_the_enter_threshold_shows_nothing()
    {
        var probes = Locations.SelectMany(l => Timeline("api", l, i => i % 12 == 5, TimeSpan.FromMinutes(1)));
        Assert.Equal(ServiceStatus.Operational, Assess(Signals(probes)).FindComponent("api")!.Status);
    }

    [Fact]
    public void A_level_is_held_for_the_dwell_time_after_the_rate_falls()
    {
        // Answers every 20 s; a probe and its retry fail 4 minutes ago (failing at once), then all is well: the rate
        // is back to 0 within the window, but the view may ease only MinDwell (5 min) after it changed.
        var probes = Locations.SelectMany(l => Enumerable.Range(0, 60).Select(i =>
        {
            var ago = TimeSpan.FromSeconds(20 * (60 - i)) - TimeSpan.FromSeconds(1);
            var down = ago > TimeSpan.FromSeconds(230) && ago <= TimeSpan.FromSeconds(260);
            return Probe("api", l, ago, down ? ProbeOutcome.Down : ProbeOutcome.Up);
        })).ToList();
        Assert.Equal(2, probes.Count(p => p.Location == "eu-west" && p.Outcome == ProbeOutcome.Down));
        Assert.Equal(ServiceStatus.MajorOutage, Assess(Signals(probes)).FindComponent("api")!.Status);
        var later = Now + TimeSpan.FromMinutes(2);
        var more = probes.Concat(Locations.SelectMany(l => Enumerable.Range(0, 6).Select(i =>
            Probe("api", l, -TimeSpan.FromSeconds(20 * i), ProbeOutcome.Up))));
        Assert.Equal(ServiceStatus.Operational,
            new StatusEngine(new FakeTimeProvider(later)).Assess(Service, Signals(more)).FindComponent("api")!.Status);
    }

    [Fact]
    public void One_failing_location_alone_never_says_not_you()
    {
        var probes = Timeline("api", "eu-west", _ => true).Concat(Timeline("web", "eu-west", _ => true));
        var a = Assess(Signals(probes));
        Assert.Equal(ServiceStatus.MajorOutage, a.Status);
        Assert.Equal(Diagnosis.PartialIncident, a.Diagnosis);
        Assert.Equal(Confidence.Low, a.Confidence);
        Assert.Contains(a.Evidence, e => e.Text.StartsWith("Seen from one location only: probably the provider", StringComparison.Ordinal));
    }

    [Fact]
    public void One_failing_location_and_the_provider_agreeing_is_a_global_outage()
    {
        var probes = Timeline("api", "eu-west", _ => true).Concat(Timeline("web", "eu-west", _ => true));
        var official = new OfficialStatusObservation("acme", null, Now - TimeSpan.FromMinutes(1), VendorStatus.MajorOutage);
        var a = Assess(Signals(probes, official: [official]));
        Assert.Equal(Diagnosis.GlobalOutage, a.Diagnosis);
        Assert.Equal(Confidence.High, a.Confidence);
    }

    [Fact]
    public void Latency_needs_k_of_n_slow_answers_and_counts_agreeing_locations_for_confidence()
    {
        // Cold start: no baseline, so the catalog's expected latency (default 1000 ms) sets the line.
        var oneSlow = Locations.SelectMany(l => Timeline("api", l, _ => false)).ToList();
        oneSlow.AddRange(Locations.Select(l => Probe("api", l, TimeSpan.FromSeconds(20), ProbeOutcome.Up, 4000)));
        Assert.Equal(ServiceStatus.Operational, Assess(Signals(oneSlow)).FindComponent("api")!.Status);

        var slow = Locations.SelectMany(l => Timeline("api", l, _ => false, latency: 2500));
        var a = Assess(Signals(slow));
        Assert.Equal(ServiceStatus.Degraded, a.FindComponent("api")!.Status);
        Assert.Equal(Confidence.Medium, a.Confidence);
        Assert.Contains(a.Evidence, e => e.Text.Contains("answered slowly at 3 of 3", StringComparison.Ordinal));
    }

    [Fact]
    public void Answers_below_the_cold_start_line_are_not_slow()
    {
        var probes = Locations.SelectMany(l => Timeline("api", l, _ => false, latency: 1200));
        Assert.Equal(ServiceStatus.Operational, Assess(Signals(probes)).FindComponent("api")!.Status);
    }

    [Fact]
    public void A_stale_feed_keeps_the_problem_it_last_reported()
    {
        var official = new OfficialStatusObservation("acme", null, Now - TimeSpan.FromMinutes(40), VendorStatus.MajorOutage, "Elevated errors");
        var a = Assess(Signals(Series("api", ProbeOutcome.Down, Locations), official: [official]));
        Assert.Contains(a.Evidence, e => e.Source == EvidenceSource.Official
            && e.Text.StartsWith("Last reported by the provider: major outage for the whole service: \"Elevated errors\". Its status feed is stale", StringComparison.Ordinal));
        Assert.Equal(ServiceStatus.MajorOutage, a.Status);
        var gone = Assess(Signals(Series("api", ProbeOutcome.Up, Locations),
            official: [official with { At = Now - TimeSpan.FromMinutes(90) }]));
        Assert.DoesNotContain(gone.Evidence, e => e.Source == EvidenceSource.Official);
    }

    [Fact]
    public void A_stale_feed_that_last_said_operational_adds_no_status_but_says_it_is_stale()
    {
        var official = new OfficialStatusObservation("acme", null, Now - TimeSpan.FromMinutes(40), VendorStatus.Operational);
        var a = Assess(Signals(Series("api", ProbeOutcome.Up, Locations), official: [official]));
        Assert.Equal(ServiceStatus.Operational, a.Status);
        Assert.NotEqual(Confidence.High, a.Confidence);
        Assert.Contains(a.Evidence, e => e.Text.StartsWith("The provider's status feed is stale", StringComparison.Ordinal));
    }

    [Fact]
    public void Results_of_a_location_offline_since_cannot_hold_up_a_high_confidence_status()
    {
        var official = new OfficialStatusObservation("acme", null, Now - TimeSpan.FromMinutes(1), VendorStatus.Operational);
        var probes = Series("api", ProbeOutcome.Up, "eu-west");
        var online = Assess(Signals(probes, official: [official]));
        Assert.Equal(Confidence.High, online.Confidence);
        var checks = new[] { new LocationCheck("eu-west", Now - TimeSpan.FromMinutes(1), false, "DNS failed") };
        var offline = Assess(Signals(probes, checks, official: [official]));
        Assert.Equal(Confidence.Low, offline.Confidence);
        Assert.Contains(offline.Evidence, e => e.Text.Contains("eu-west offline since", StringComparison.Ordinal));
    }

    [Fact]
    public void The_rule_table_ends_with_a_row_that_always_applies()
    {
        var last = DiagnosisRules.Table[^1];
        Assert.True(last.Applies(new DiagnosisFacts(ServiceStatus.Degraded, false, false, false, 0, false, false, false, false)));
        Assert.All(DiagnosisRules.Table, r => Assert.False(string.IsNullOrWhiteSpace(r.When)));
    }
}
