using Downwatch.Domain.Incidents;
using Downwatch.Domain.Operators;
using Downwatch.Domain.Status;
using static Downwatch.Domain.Tests.TestCatalog;

namespace Downwatch.Domain.Tests.Operators;

public sealed class SignInRulesTests
{
    private static readonly OperatorAccount Alice = new("alice", OperatorRole.Admin, "hash", "stamp", 0, null, Now);

    [Fact]
    public void Five_failures_in_a_row_lock_the_account_for_fifteen_minutes()
    {
        var account = Alice;
        for (var i = 1; i < SignInRules.MaxFailures; i++)
        {
            account = SignInRules.AfterFailure(account, Now);
            Assert.False(account.IsLocked(Now));
        }

        account = SignInRules.AfterFailure(account, Now);
        Assert.True(account.IsLocked(Now + TimeSpan.FromMinutes(14)));
        Assert.False(account.IsLocked(Now + TimeSpan.FromMinutes(15)));
        Assert.Equal(0, account.FailedSignIns);
    }

    [Fact]
    public void A_right_password_starts_the_count_again()
    {
        var account = SignInRules.AfterSuccess(SignInRules.AfterFailure(SignInRules.AfterFailure(Alice, Now), Now));
        Assert.Equal(0, account.FailedSignIns);
        Assert.Null(account.LockedUntil);
    }

    [Fact]
    public void An_incident_people_adopted_is_not_resolved_by_the_engine_but_gains_its_measurements()
    {
        var start = Now - TimeSpan.FromHours(1);
        var led = new Incident("acme-1", "acme", "Acme AI: major outage detected", ServiceStatus.MajorOutage, start, null,
        [
            new IncidentUpdate(start, IncidentPhase.Investigating, ServiceStatus.MajorOutage, "Every probe failed."),
            new IncidentUpdate(start, IncidentPhase.Identified, ServiceStatus.MajorOutage, "A bad deploy; rolling back.", "alice"),
        ]) { LedBy = "alice" };
        var operational = new ServiceAssessment("acme", ServiceStatus.Operational, Diagnosis.Inconclusive, Confidence.High,
            [new Evidence(EvidenceSource.Probes, "All probes answered", Now, ServiceStatus.Operational)], Now, []);

        var monitoring = IncidentTracker.Default.Next(led, operational, "Acme AI")!;
        Assert.Equal(IncidentPhase.Monitoring, monitoring.Phase);
        Assert.Null(monitoring.Updates[^1].Author);

        var later = new ServiceAssessment("acme", ServiceStatus.Operational, Diagnosis.Inconclusive, Confidence.High,
            [new Evidence(EvidenceSource.Probes, "All probes answered", Now + TimeSpan.FromHours(2), ServiceStatus.Operational)], Now + TimeSpan.FromHours(2), []);
        Assert.Same(monitoring, IncidentTracker.Default.Next(monitoring, later, "Acme AI"));
        Assert.NotNull(IncidentTracker.Default.Next(monitoring with { LedBy = null }, later, "Acme AI")!.ResolvedAt);
    }

    [Fact]
    public void The_engine_adds_to_an_incident_people_opened_only_once_it_measures_a_problem()
    {
        var start = Now - TimeSpan.FromMinutes(5);
        var opened = new Incident("acme-op-2", "acme", "Slow answers", ServiceStatus.Degraded, start, null,
            [new IncidentUpdate(start, IncidentPhase.Identified, ServiceStatus.Degraded, "A bad deploy.", "alice")]) { LedBy = "alice" };
        var fine = new ServiceAssessment("acme", ServiceStatus.Operational, Diagnosis.Inconclusive, Confidence.High,
            [new Evidence(EvidenceSource.Probes, "All probes answered", Now, ServiceStatus.Operational)], Now, []);
        Assert.Same(opened, IncidentTracker.Default.Next(opened, fine, "Acme AI"));

        var down = new ServiceAssessment("acme", ServiceStatus.MajorOutage, Diagnosis.GlobalOutage, Confidence.High,
            [new Evidence(EvidenceSource.Probes, "Every probe failed", Now, ServiceStatus.MajorOutage)], Now, []);
        var measured = IncidentTracker.Default.Next(opened, down, "Acme AI")!;
        Assert.Equal(ServiceStatus.MajorOutage, measured.WorstStatus);
        Assert.Equal(IncidentPhase.Identified, measured.Phase);
        Assert.Null(measured.Updates[^1].Author);
        Assert.Contains("Every probe failed", measured.Updates[^1].Text, StringComparison.Ordinal);
    }
}
