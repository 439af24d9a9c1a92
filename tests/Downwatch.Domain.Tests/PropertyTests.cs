using Downwatch.Domain.Reports;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Status;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using static Downwatch.Domain.Tests.TestCatalog;

namespace Downwatch.Domain.Tests;

/// <summary>Invariants of the status engine over random observation sets.</summary>
public class PropertyTests
{
    private static readonly string[] Components = ["api", "web"];

    private static Gen<TimeSpan> Ago => Gen.Choose(-120, 40 * 60).Select(s => TimeSpan.FromSeconds(s));

    private static Gen<ProbeObservation> ProbeGen =>
        from component in Gen.Elements(Components)
        from location in Gen.Elements(Locations)
        from ago in Ago
        from outcome in Gen.Elements(ProbeOutcome.Up, ProbeOutcome.Degraded, ProbeOutcome.Down)
        from latency in Gen.Choose(10, 5000)
        select Probe(component, location, ago, outcome, latency);

    private static Gen<LocationCheck> CheckGen =>
        from location in Gen.Elements(Locations)
        from ago in Ago
        from online in Gen.Elements(true, true, false)
        select new LocationCheck(location, Now - ago, online);

    private static Gen<OfficialStatusObservation> OfficialGen =>
        from component in Gen.Elements<string?>(null, "api", "web")
        from ago in Ago
        from status in Gen.Elements(Enum.GetValues<VendorStatus>())
        select new OfficialStatusObservation("acme", component, Now - ago, status);

    private static Gen<CommunityReport> ReportGen =>
        from ago in Ago
        from reporter in Gen.Choose(0, 30)
        select new CommunityReport("acme", Now - ago, $"r{reporter}", "api-errors");

    private static Gen<SignalSet> SignalGen =>
        from probes in Gen.ListOf(ProbeGen)
        from checks in Gen.ListOf(CheckGen)
        from official in Gen.ListOf(OfficialGen)
        from reports in Gen.ListOf(ReportGen)
        select Signals(probes, checks, official, reports);

    private static ServiceAssessment Assess(SignalSet s) => new StatusEngine(new FakeTimeProvider(Now)).Assess(Service, s);

    [Property(MaxTest = 500)]
    public Property No_major_outage_without_evidence_that_supports_it() =>
        Prop.ForAll(SignalGen.ToArbitrary(), signals =>
        {
            var a = Assess(signals);
            var supported = a.Evidence.Any(e => e.Supports == ServiceStatus.MajorOutage && e.At is not null
                && e.Source is EvidenceSource.Probes or EvidenceSource.Official);
            return (a.Status != ServiceStatus.MajorOutage || supported)
                && Assessment.IsSupported(a.Status, a.Evidence)
                && a.Components.All(c => Assessment.IsSupported(c.Status, c.Evidence));
        });

    [Property(MaxTest = 500)]
    public Property Reports_alone_never_produce_more_than_degraded_with_low_confidence() =>
        Prop.ForAll(Gen.ListOf(ReportGen).ToArbitrary(), reports =>
        {
            var a = Assess(Signals(reports: reports));
            return a.Status == ServiceStatus.Unknown
                || (a.Status == ServiceStatus.Degraded && a.Confidence == Confidence.Low);
        });

    [Property(MaxTest = 500)]
    public Property An_assessment_is_never_newer_than_its_newest_evidence() =>
        Prop.ForAll(SignalGen.ToArbitrary(), signals =>
        {
            var a = Assess(signals);
            var newestEvidence = a.Evidence.Where(e => e.At is not null).Select(e => e.At).Max();
            var newestObservation = signals.Probes.Select(p => p.At).Concat(signals.Official.Select(o => o.At))
                .Concat(signals.Reports.Select(r => r.At)).Where(t => t <= Now).Select(t => (DateTimeOffset?)t).Max();
            return a.LastChecked == newestEvidence
                && (a.LastChecked is null || (a.LastChecked <= Now && a.LastChecked <= newestObservation));
        });

    /// <summary>A new good answer (newer than every other result of its endpoint at its location) never makes a
    /// status worse. Only the newest: with dwell, a view's history counts, so a good answer inserted in the past can
    /// delay when an earlier problem was entered and so when it may be left. Slow ("degraded") answers are left out of
    /// the generated history (and answers above the cold-start slow line): a location whose latest results are all unconfirmed failures says nothing, and a new good
    /// answer lets it speak again, including that its earlier answers were slow, which is worse than its silence.</summary>
    [Property(MaxTest = 1000)]
    public Property Adding_an_operational_probe_never_makes_a_status_worse()
    {
        var added = from component in Gen.Elements(Components)
                    from location in Gen.Elements(Locations)
                    select Probe(component, location, TimeSpan.Zero, ProbeOutcome.Up, latency: 120);
        var withoutSlow = SignalGen.Select(s => s with
        {
            Probes = s.Probes.Where(p => p.Outcome != ProbeOutcome.Degraded).Select(p => p with { LatencyMs = Math.Min(p.LatencyMs, 1000) }).ToList(),
        });
        return Prop.ForAll(withoutSlow.ToArbitrary(), added.ToArbitrary(), (signals, probe) =>
        {
            // Only where the location already speaks (a result of that endpoint in the last 3 minutes): a new good answer
            // from a silent location brings its whole recent history back into the count, with what that history says.
            // Results made while the location's own control checks failed are discounted: such a location is silent too.
            var online = new LocationStatus(signals.LocationChecks);
            var speaks = online.IsOnline(probe.Location, Now)
                && signals.Probes.Any(p => p.Component == probe.Component && p.Location == probe.Location
                    && p.At <= Now && p.At > Now - TimeSpan.FromMinutes(3) && online.IsOnline(p.Location, p.At));
            if (!speaks)
            {
                return true;
            }

            var before = Assess(signals);
            var after = Assess(signals with { Probes = [.. signals.Probes, probe] });
            // Users' reports may hold a service at Degraded; while a component showed Maintenance they did not show
            // (reports during maintenance are expected), and a good answer that ends what the maintenance covered lets them.
            var reportsAlone = ReportSignal.Evaluate(signals.Reports, Now, EngineOptions.Default).IsSpike
                ? ServiceStatus.Degraded.Severity() : ServiceStatus.Operational.Severity();
            return after.Status.Severity() <= Math.Max(before.Status.Severity(), reportsAlone)
                && after.Components.Zip(before.Components).All(p =>
                    p.First.Status.Severity() <= Math.Max(p.Second.Status.Severity(), ServiceStatus.Operational.Severity()));
        });
    }

    [Property(MaxTest = 300)]
    public Property With_every_component_operational_and_no_reports_the_headline_is_operational() =>
        Prop.ForAll(Gen.ListOf(ProbeGen.Select(p => p with { Outcome = ProbeOutcome.Up, LatencyMs = 100 })).ToArbitrary(), probes =>
        {
            var a = Assess(Signals(probes));
            return a.Status is ServiceStatus.Operational or ServiceStatus.Unknown
                && (a.Status != ServiceStatus.Unknown || a.Components.All(c => c.Status == ServiceStatus.Unknown));
        });

    [Property(MaxTest = 200)]
    public Property The_engine_is_a_deterministic_function_of_observations_and_time() =>
        Prop.ForAll(SignalGen.ToArbitrary(), signals =>
        {
            var shuffled = signals with { Probes = signals.Probes.Reverse().ToList(), Reports = signals.Reports.Reverse().ToList() };
            var a = Assess(signals);
            var b = Assess(shuffled);
            return a.Status == b.Status && a.Diagnosis == b.Diagnosis && a.Confidence == b.Confidence
                && a.Evidence.Select(e => e.Text).Order().SequenceEqual(b.Evidence.Select(e => e.Text).Order());
        });
}
