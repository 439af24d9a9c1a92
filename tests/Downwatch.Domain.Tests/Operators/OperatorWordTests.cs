using Downwatch.Domain.Incidents;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Operators;
using Downwatch.Domain.Status;
using Microsoft.Extensions.Time.Testing;
using static Downwatch.Domain.Tests.TestCatalog;

namespace Downwatch.Domain.Tests.Operators;

public sealed class OperatorWordTests
{
    private static readonly string[] All = Locations;

    private static ServiceAssessment Assess(SignalSet signals) => new StatusEngine(new FakeTimeProvider(Now)).Assess(Service, signals);

    private static ServiceAssessment ApiDown() =>
        Assess(Signals(Series("api", ProbeOutcome.Down, All).Concat(Series("web", ProbeOutcome.Up, All))));

    private static OperatorStatements Say(StatusOverride? o = null, MaintenanceWindow? m = null, ProbeSilence? s = null) =>
        new(o is null ? [] : [o], m is null ? [] : [m], s is null ? [] : [s]);

    private static MaintenanceWindow Window(TimeSpan from, TimeSpan to, params string[] components) =>
        new("m1", "acme", components, Now + from, Now + to, "Database upgrade", "alice");

    [Fact]
    public void Running_maintenance_shows_maintenance_keeps_the_evidence_and_opens_no_incident()
    {
        var engine = ApiDown();
        Assert.Equal(ServiceStatus.MajorOutage, engine.FindComponent("api")!.Status);

        var said = OperatorWord.Apply(engine, Say(m: Window(-TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(30), "api")), Now);

        var api = said.FindComponent("api")!;
        Assert.Equal(ServiceStatus.Maintenance, api.Status);
        Assert.StartsWith("Scheduled maintenance until 2026-11-25 12:30 UTC: Database upgrade", api.Evidence[0].Text);
        Assert.Equal(EvidenceSource.Operator, api.Evidence[0].Source);
        Assert.All(engine.FindComponent("api")!.Evidence, e => Assert.Contains(e, api.Evidence)); // the failures still show
        Assert.Equal(ServiceStatus.Maintenance, said.Status);
        Assert.Equal(Diagnosis.PartialIncident, said.Diagnosis); // read as "in scheduled maintenance"
        Assert.Null(IncidentTracker.Default.Next(null, said, "Acme AI"));
        Assert.NotNull(IncidentTracker.Default.Next(null, engine, "Acme AI"));
    }

    [Fact]
    public void Maintenance_ahead_or_over_changes_nothing()
    {
        var engine = ApiDown();
        Assert.Same(engine, OperatorWord.Apply(engine, Say(m: Window(TimeSpan.FromMinutes(5), TimeSpan.FromHours(1))), Now));
        Assert.Same(engine, OperatorWord.Apply(engine, Say(m: Window(-TimeSpan.FromHours(2), -TimeSpan.FromHours(1))), Now));
    }

    [Fact]
    public void Maintenance_of_the_whole_service_covers_every_component()
    {
        var said = OperatorWord.Apply(ApiDown(), Say(m: Window(-TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1))), Now);
        Assert.All(said.Components, c => Assert.Equal(ServiceStatus.Maintenance, c.Status));
    }

    [Fact]
    public void An_override_sets_the_status_with_its_reason_beside_the_evidence_until_it_expires()
    {
        var engine = Assess(Signals(Series("api", ProbeOutcome.Up, All).Concat(Series("web", ProbeOutcome.Up, All))));
        var set = new StatusOverride("o1", "acme", "api", ServiceStatus.PartialOutage, "Elevated 529s in eu-west", "alice",
            Now - TimeSpan.FromMinutes(5), Now + TimeSpan.FromMinutes(55));

        var said = OperatorWord.Apply(engine, Say(o: set), Now);
        var api = said.FindComponent("api")!;
        Assert.Equal(ServiceStatus.PartialOutage, api.Status);
        Assert.Equal("Set by the operator to partial outage until 2026-11-25 12:55 UTC: Elevated 529s in eu-west", api.Evidence[0].Text);
        Assert.Contains(api.Evidence, e => e.Source == EvidenceSource.Probes && e.Supports == ServiceStatus.Operational);
        Assert.Equal(ServiceStatus.PartialOutage, said.Status);
        Assert.Contains(said.Evidence, e => e.Source == EvidenceSource.Operator);
        Assert.Equal(Diagnosis.LocalIssue, engine.Diagnosis);
        Assert.Equal((Diagnosis.Inconclusive, Confidence.Low), (said.Diagnosis, said.Confidence)); // the operator against the probes

        Assert.Same(engine, OperatorWord.Apply(engine, Say(o: set), Now + TimeSpan.FromHours(1)));
    }

    [Fact]
    public void The_newest_override_of_a_component_wins_and_overrides_beat_maintenance()
    {
        var engine = ApiDown();
        var older = new StatusOverride("o1", "acme", "api", ServiceStatus.Degraded, "older", "alice", Now - TimeSpan.FromMinutes(10), Now + TimeSpan.FromHours(1));
        var newer = older with { Id = "o2", Status = ServiceStatus.Operational, Reason = "newer", SetAt = Now - TimeSpan.FromMinutes(1) };
        var said = OperatorWord.Apply(engine, new OperatorStatements([older, newer],
            [Window(-TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), "api")], []), Now);
        Assert.Equal(ServiceStatus.Operational, said.FindComponent("api")!.Status);
    }

    [Fact]
    public void A_silence_takes_the_components_results_out_and_says_so()
    {
        var silence = new ProbeSilence("s1", "acme", "api", "Flapping since the provider moved regions", "alice", Now - TimeSpan.FromMinutes(20), Now + TimeSpan.FromHours(1));
        var signals = Signals(Series("api", ProbeOutcome.Down, All).Concat(Series("web", ProbeOutcome.Up, All)));
        var statements = Say(s: silence);

        var quiet = OperatorWord.WithoutSilenced(signals, statements, Now);
        Assert.DoesNotContain(quiet.Probes, p => p.Component == "api");
        Assert.Equal(signals.Probes.Count(p => p.Component == "web"), quiet.Probes.Count);

        var said = OperatorWord.Apply(Assess(quiet), statements, Now);
        Assert.Equal(ServiceStatus.Unknown, said.FindComponent("api")!.Status);
        Assert.Contains(said.FindComponent("api")!.Evidence, e => e.Text.StartsWith("Probes of api are silenced by an operator", StringComparison.Ordinal));
        Assert.Same(signals, OperatorWord.WithoutSilenced(signals, statements, Now + TimeSpan.FromHours(2)));
    }

    [Fact]
    public void Nothing_said_returns_the_same_assessments()
    {
        IReadOnlyList<ServiceAssessment> engine = [ApiDown()];
        Assert.Same(engine, OperatorWord.Apply(engine, OperatorStatements.None, Now));
    }
}
