using Downwatch.Domain.Observations;
using Downwatch.Domain.Status;
using Microsoft.Extensions.Time.Testing;
using static Downwatch.Domain.Tests.TestCatalog;

namespace Downwatch.Domain.Tests;

public class StatusEngineTests
{
    private static ServiceAssessment Assess(SignalSet signals, DateTimeOffset? now = null) =>
        new StatusEngine(new FakeTimeProvider(now ?? Now)).Assess(Service, signals);

    private static readonly string[] All = Locations;

    [Fact]
    public void No_signal_is_unknown_and_says_not_checked_yet()
    {
        var a = Assess(SignalSet.Empty);
        Assert.Equal(ServiceStatus.Unknown, a.Status);
        Assert.Equal(Diagnosis.Inconclusive, a.Diagnosis);
        Assert.Null(a.LastChecked);
        Assert.Contains(a.Evidence, e => e.Text.Contains("has not been checked yet", StringComparison.Ordinal));
        Assert.All(a.Components, c => Assert.Equal(ServiceStatus.Unknown, c.Status));
    }

    [Fact]
    public void Healthy_probes_everywhere_mean_operational_and_likely_your_side()
    {
        var a = Assess(Signals(Series("api", ProbeOutcome.Up, All).Concat(Series("web", ProbeOutcome.Up, All))));
        Assert.Equal(ServiceStatus.Operational, a.Status);
        Assert.Equal(Diagnosis.LocalIssue, a.Diagnosis);
        Assert.Equal(Confidence.Medium, a.Confidence);
        Assert.Equal(Now - TimeSpan.FromMinutes(2), a.LastChecked);
        Assert.Contains(a.Evidence, e => e.Text.StartsWith("API answered as expected (401) at 3 of 3 locations", StringComparison.Ordinal));
    }

    [Fact]
    public void Vendor_agreement_raises_confidence_to_high()
    {
        var official = new OfficialStatusObservation("acme", null, Now - TimeSpan.FromMinutes(1), VendorStatus.Operational);
        var a = Assess(Signals(Series("api", ProbeOutcome.Up, All), official: [official]));
        Assert.Equal(ServiceStatus.Operational, a.Status);
        Assert.Equal(Confidence.High, a.Confidence);
    }

    [Fact]
    public void Every_surface_failing_at_quorum_is_a_global_major_outage()
    {
        var a = Assess(Signals(Series("api", ProbeOutcome.Down, "eu-west", "us-east")
            .Concat(Series("api", ProbeOutcome.Up, "ap-south"))
            .Concat(Series("web", ProbeOutcome.Down, All))));
        Assert.Equal(ServiceStatus.MajorOutage, a.Status);
        Assert.Equal(Diagnosis.GlobalOutage, a.Diagnosis);
        Assert.Equal(Confidence.Medium, a.Confidence);
        Assert.Contains(a.Evidence, e => e.Text.StartsWith("API answered 503 from 2 of 3 locations (eu-west 2/2, us-east 2/2 failed) in the last 10 minutes", StringComparison.Ordinal));
    }

    [Fact]
    public void One_surface_down_is_a_partial_outage()
    {
        var a = Assess(Signals(Series("api", ProbeOutcome.Down, All).Concat(Series("web", ProbeOutcome.Up, All))));
        Assert.Equal(ServiceStatus.PartialOutage, a.Status);
        Assert.Equal(Diagnosis.PartialIncident, a.Diagnosis);
        Assert.Equal(ServiceStatus.MajorOutage, a.FindComponent("api")!.Status);
        Assert.Equal(ServiceStatus.Operational, a.FindComponent("web")!.Status);
    }

    [Fact]
    public void Failing_at_fewer_than_half_the_locations_is_regional_degradation()
    {
        // Failing at eu-west for longer than one probe interval (the time the others need to see it too, if it is everywhere).
        var a = Assess(Signals(Series("api", ProbeOutcome.Down, "eu-west").Concat(Series("api", ProbeOutcome.Up, "us-east", "ap-south"))
            .Append(Probe("api", "eu-west", TimeSpan.FromMinutes(8), ProbeOutcome.Down))));
        Assert.Equal(ServiceStatus.Degraded, a.Status);
        Assert.Equal(Diagnosis.PartialIncident, a.Diagnosis);
    }

    [Fact]
    public void A_single_failed_probe_does_not_flip_the_status()
    {
        var probes = Series("api", ProbeOutcome.Up, All).Append(Probe("api", "eu-west", TimeSpan.FromMinutes(1), ProbeOutcome.Down));
        Assert.Equal(ServiceStatus.Operational, Assess(Signals(probes)).Status);
    }

    [Fact]
    public void Failures_from_an_offline_location_are_not_evidence()
    {
        var checks = new[] { new LocationCheck("eu-west", Now - TimeSpan.FromMinutes(9), false, "DNS resolution failed") };
        var probes = Series("api", ProbeOutcome.Down, "eu-west").Concat(Series("api", ProbeOutcome.Up, "us-east"));
        var a = Assess(Signals(probes, checks));
        Assert.Equal(ServiceStatus.Operational, a.Status);
        Assert.Contains(a.Evidence, e => e.Text.Contains("not counted", StringComparison.Ordinal) && e.Text.Contains("eu-west", StringComparison.Ordinal));
    }

    [Fact]
    public void Failures_just_before_a_failed_control_check_are_not_evidence()
    {
        // The network drops at 11:53: probes fail first, the prompt control check a minute later explains why.
        var checks = All.Select(l => new LocationCheck(l, Now - TimeSpan.FromMinutes(1), false, "could not resolve any control host"));
        var a = Assess(Signals(Series("api", ProbeOutcome.Down, All), checks));
        Assert.Equal(ServiceStatus.Unknown, a.Status);
        var checkedLate = All.Select(l => new LocationCheck(l, Now - TimeSpan.FromMinutes(1), false));
        var early = Series("api", ProbeOutcome.Down, All).Select(p => p with { At = p.At - TimeSpan.FromMinutes(2) });
        Assert.Equal(ServiceStatus.MajorOutage, Assess(Signals(early, checkedLate)).FindComponent("api")!.Status);
    }

    [Fact]
    public void When_every_location_is_offline_the_status_is_unknown_not_an_outage()
    {
        var checks = All.Select(l => new LocationCheck(l, Now - TimeSpan.FromMinutes(9), false));
        var a = Assess(Signals(Series("api", ProbeOutcome.Down, All).Concat(Series("web", ProbeOutcome.Down, All)), checks));
        Assert.Equal(ServiceStatus.Unknown, a.Status);
        Assert.Equal(Diagnosis.Inconclusive, a.Diagnosis);
    }

    [Fact]
    public void Stale_probes_decay_to_unknown_and_say_when_last_checked()
    {
        var probes = Series("api", ProbeOutcome.Up, All).Select(p => p with { At = p.At - TimeSpan.FromMinutes(30) });
        var a = Assess(Signals(probes));
        Assert.Equal(ServiceStatus.Unknown, a.Status);
        Assert.Contains(a.Evidence, e => e.Text.Contains("not been checked recently", StringComparison.Ordinal));
        Assert.Equal(Now - TimeSpan.FromMinutes(32), a.LastChecked);
    }

    [Fact]
    public void A_vendor_declared_major_outage_shows_as_the_providers_word_when_probes_are_green()
    {
        var official = new OfficialStatusObservation("acme", null, Now - TimeSpan.FromMinutes(3), VendorStatus.MajorOutage, "Elevated errors");
        var a = Assess(Signals(Series("api", ProbeOutcome.Up, All).Concat(Series("web", ProbeOutcome.Up, All)), official: [official]));
        Assert.Equal(ServiceStatus.MajorOutage, a.Status);
        // Never "down for everyone, not you" against our own measurements: the signals disagree, and the page says so.
        Assert.Equal(Diagnosis.Inconclusive, a.Diagnosis);
        Assert.Equal(Confidence.Medium, a.Confidence);
        Assert.Contains(a.Evidence, e => e.Source == EvidenceSource.Official && e.Text.Contains("Elevated errors", StringComparison.Ordinal));
        Assert.Contains(a.Evidence, e => e.Text.Contains("still answer normally", StringComparison.Ordinal));
    }

    [Fact]
    public void An_outage_the_vendor_has_not_acknowledged_says_so()
    {
        var official = new OfficialStatusObservation("acme", null, Now - TimeSpan.FromMinutes(3), VendorStatus.Operational);
        var a = Assess(Signals(Series("api", ProbeOutcome.Down, All), official: [official]));
        Assert.Equal(ServiceStatus.MajorOutage, a.FindComponent("api")!.Status);
        Assert.Equal(ServiceStatus.PartialOutage, a.Status); // the web app is only vouched for by the vendor
        Assert.Contains(a.Evidence, e => e.Text.StartsWith("Not yet acknowledged by the provider", StringComparison.Ordinal));
    }

    [Fact]
    public void Scheduled_maintenance_shows_as_maintenance()
    {
        var official = new OfficialStatusObservation("acme", "api", Now - TimeSpan.FromMinutes(3), VendorStatus.UnderMaintenance);
        var a = Assess(Signals(Series("api", ProbeOutcome.Up, All), official: [official]));
        Assert.Equal(ServiceStatus.Maintenance, a.FindComponent("api")!.Status);
        Assert.Equal(ServiceStatus.Maintenance, a.Status);
    }

    [Fact]
    public void A_report_spike_with_healthy_probes_is_at_most_degraded_with_low_confidence()
    {
        var reports = Enumerable.Range(0, 12).Select(i => new CommunityReport("acme", Now - TimeSpan.FromMinutes(i), $"r{i}", "api-errors"));
        var a = Assess(Signals(Series("api", ProbeOutcome.Up, All), reports: reports));
        Assert.Equal(ServiceStatus.Degraded, a.Status);
        Assert.Equal(Confidence.Low, a.Confidence);
        Assert.Equal(Diagnosis.Inconclusive, a.Diagnosis);
        Assert.Contains(a.Evidence, e => e.Text.StartsWith("Users report problems: 12 people", StringComparison.Ordinal));
    }

    [Fact]
    public void One_reporter_repeating_is_not_a_spike()
    {
        var reports = Enumerable.Range(0, 1000).Select(i => new CommunityReport("acme", Now - TimeSpan.FromSeconds(i), "same-client", "api-errors"));
        var a = Assess(Signals(Series("api", ProbeOutcome.Up, All), reports: reports));
        Assert.Equal(ServiceStatus.Operational, a.Status);
    }

    [Fact]
    public void A_report_spike_raises_confidence_of_a_probe_backed_outage()
    {
        var reports = Enumerable.Range(0, 12).Select(i => new CommunityReport("acme", Now - TimeSpan.FromMinutes(i), $"r{i}", "api-errors"));
        var probes = Series("api", ProbeOutcome.Down, All).ToList();
        Assert.Equal(Confidence.Medium, Assess(Signals(probes)).Confidence);
        Assert.Equal(Confidence.High, Assess(Signals(probes, reports: reports)).Confidence);
    }

    [Fact]
    public void Slow_answers_above_the_learned_baseline_are_degraded()
    {
        var history = Enumerable.Range(0, 60).SelectMany(i => All.Select(l =>
            Probe("api", l, TimeSpan.FromMinutes(15 + i * 3), ProbeOutcome.Up, latency: 200 + i % 7)));
        var slowNow = new[] { 5, 3, 1 }.SelectMany(m => All.Select(l => Probe("api", l, TimeSpan.FromMinutes(m), ProbeOutcome.Up, latency: 2500)));
        var a = Assess(Signals(history.Concat(slowNow)));
        Assert.Equal(ServiceStatus.Degraded, a.Status);
        Assert.Contains(a.Evidence, e => e.Text.Contains("answered slowly at 3 of 3", StringComparison.Ordinal));
    }

    [Fact]
    public void Observations_from_the_future_are_ignored()
    {
        var a = Assess(Signals(Series("api", ProbeOutcome.Down, All).Select(p => p with { At = Now + TimeSpan.FromMinutes(5) })));
        Assert.Equal(ServiceStatus.Unknown, a.Status);
        Assert.Null(a.LastChecked);
    }

    [Fact]
    public void An_assessment_refuses_a_status_its_evidence_does_not_support()
    {
        var healthy = new Evidence(EvidenceSource.Probes, "API answered as expected", Now, ServiceStatus.Operational);
        Assert.Throws<InvalidOperationException>(() =>
            new ServiceAssessment("acme", ServiceStatus.MajorOutage, Diagnosis.GlobalOutage, Confidence.High, [healthy], Now, []));
        Assert.Throws<InvalidOperationException>(() =>
            new ServiceAssessment("acme", ServiceStatus.Operational, Diagnosis.LocalIssue, Confidence.High, [], Now, []));
    }
}
