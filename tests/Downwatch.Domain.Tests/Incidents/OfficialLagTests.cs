using Downwatch.Domain.Incidents;
using Downwatch.Domain.Status;

namespace Downwatch.Domain.Tests.Incidents;

public class OfficialLagTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private static Incident Ours(DateTimeOffset? resolved = null) =>
        new("i-1", "acme", "Major outage detected", ServiceStatus.MajorOutage, Start, resolved, []);

    private static VendorIncident Theirs(TimeSpan posted, string service = "acme", VendorEventKind kind = VendorEventKind.Incident,
        string title = "Elevated errors") =>
        new(service, "v-" + posted.TotalSeconds, kind, title, null, VendorPhase.Investigating, Start + posted - TimeSpan.FromMinutes(10), null,
            null, null, null, [], [new VendorUpdate(Start + posted, VendorPhase.Investigating, "We are investigating.")], "feed");

    [Fact]
    public void We_saw_it_first_by_the_time_until_the_providers_first_post()
    {
        var lag = OfficialLag.For(Ours(), [Theirs(TimeSpan.FromSeconds(135)), Theirs(TimeSpan.FromMinutes(20), title: "Later")], Start.AddHours(1));
        Assert.Equal(TimeSpan.FromSeconds(135), lag.Lag);
        Assert.Equal("We detected it 2 min 15 s before the provider posted \"Elevated errors\".", lag.Sentence(open: true));
    }

    [Fact]
    public void The_provider_first_reads_as_such()
    {
        var lag = OfficialLag.For(Ours(), [Theirs(TimeSpan.FromMinutes(-5))], Start.AddHours(1));
        Assert.Equal(TimeSpan.FromMinutes(-5), lag.Lag);
        Assert.Equal("The provider posted \"Elevated errors\" 5 min before our probes detected it.", lag.Sentence(open: false));
    }

    [Fact]
    public void Silence_is_measured_while_open_and_over_the_whole_problem_once_resolved()
    {
        var unrelated = new[]
        {
            Theirs(TimeSpan.FromMinutes(3), service: "other"),
            Theirs(TimeSpan.FromMinutes(3), kind: VendorEventKind.Maintenance),
            Theirs(TimeSpan.FromHours(-2)),
            Theirs(TimeSpan.FromHours(3)),
        };
        var open = OfficialLag.For(Ours(), unrelated, Start.AddMinutes(42));
        Assert.Null(open.Posted);
        Assert.Equal("The provider has not posted about it yet (42 min since we detected it).", open.Sentence(open: true));
        var closed = OfficialLag.For(Ours(Start.AddMinutes(95)), unrelated, Start.AddHours(5));
        Assert.Equal("The provider did not post about it while it lasted (1 h 35 min).", closed.Sentence(open: false));
    }

    [Theory]
    [InlineData(45, "45 s")]
    [InlineData(120, "2 min")]
    [InlineData(135, "2 min 15 s")]
    [InlineData(3900, "1 h 5 min")]
    public void Durations_read_plainly(int seconds, string text) => Assert.Equal(text, OfficialLag.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void A_run_of_incidents_sums_up_who_saw_them_first()
    {
        var lags = new[]
        {
            OfficialLag.For(Ours(), [Theirs(TimeSpan.FromMinutes(2))], Start.AddHours(1)),
            OfficialLag.For(Ours(), [Theirs(TimeSpan.FromMinutes(4))], Start.AddHours(1)),
            OfficialLag.For(Ours(), [Theirs(TimeSpan.FromMinutes(9))], Start.AddHours(1)),
            OfficialLag.For(Ours(), [Theirs(TimeSpan.FromMinutes(-1))], Start.AddHours(1)),
            OfficialLag.For(Ours(Start.AddMinutes(10)), [], Start.AddHours(1)),
        };
        var summary = OfficialLagSummary.Of(lags);
        Assert.Equal((5, 3, 1, 1, TimeSpan.FromMinutes(4)), (summary.Incidents, summary.OursFirst, summary.TheirsFirst, summary.Silent, summary.MedianLead));
        Assert.Equal("Of these 5 incidents, our probes saw 3 before the provider's status page posted (median lead 4 min), the provider posted first on 1, and it never posted about 1.",
            summary.Sentence());
    }
}
