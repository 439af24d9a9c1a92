using Downwatch.Domain.Incidents;
using Downwatch.Domain.Status;

namespace Downwatch.Domain.Tests.Incidents;

public sealed class ProviderLagReportTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static Incident Ours(string id, DateTimeOffset start, string? author = null) =>
        new(id, "acme", "Acme AI: major outage detected", ServiceStatus.MajorOutage, start, start + TimeSpan.FromMinutes(40),
            [new IncidentUpdate(start, IncidentPhase.Investigating, ServiceStatus.MajorOutage, "down", author)]);

    private static VendorIncident Theirs(string id, DateTimeOffset posted) =>
        new("acme", id, VendorEventKind.Incident, $"Elevated errors {id}", null, VendorPhase.Resolved, posted, posted + TimeSpan.FromHours(1),
            null, null, $"https://status.acme.example/incidents/{id}", [], [new VendorUpdate(posted, VendorPhase.Investigating, "Looking")], "feed");

    [Fact]
    public void Counts_who_saw_each_problem_first_and_the_posts_our_probes_never_showed()
    {
        var a = Ours("a", Now - TimeSpan.FromDays(10));                       // we saw it 3 min before they posted
        var b = Ours("b", Now - TimeSpan.FromDays(20));                       // they posted 5 min before we saw it
        var c = Ours("c", Now - TimeSpan.FromDays(30));                       // they never posted
        var people = Ours("p", Now - TimeSpan.FromDays(5), author: "alice"); // people's word: not a detection
        var old = Ours("old", Now - TimeSpan.FromDays(120));
        VendorIncident[] vendor =
        [
            Theirs("va", a.StartedAt + TimeSpan.FromMinutes(3)),
            Theirs("vb", b.StartedAt - TimeSpan.FromMinutes(5)),
            Theirs("vx", Now - TimeSpan.FromDays(50)),
        ];

        var report = ProviderLagReport.For("acme", Now - TimeSpan.FromDays(90), [a, b, c, people, old], vendor, Now);

        Assert.Equal(["a", "b", "c"], report.Detected.Select(d => d.Incident.Id));
        Assert.Equal(TimeSpan.FromMinutes(3), report.Detected[0].Lag.Lag);
        Assert.Equal(-TimeSpan.FromMinutes(5), report.Detected[1].Lag.Lag);
        Assert.Null(report.Detected[2].Lag.Posted);
        Assert.Equal(["vx"], report.NeverSeen.Select(v => v.Id));
        Assert.Equal(new OfficialLagSummary(3, 1, 1, 1, TimeSpan.FromMinutes(3)), report.Summary);
        Assert.Equal("Of these 3 incidents, our probes saw 1 before the provider's status page posted (median lead 3 min), the provider " +
            "posted first on 1, and it never posted about 1. The provider posted 1 incident that our probes never showed.", report.Sentence());
    }

    [Fact]
    public void With_nothing_detected_it_says_so()
    {
        var report = ProviderLagReport.For("acme", Now - TimeSpan.FromDays(90), [], [], Now);
        Assert.Equal("Our probes detected no incident in this period.", report.Sentence());
    }
}
