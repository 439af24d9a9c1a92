using Downwatch.Domain.Incidents;
using Downwatch.Domain.Status;
using FsCheck;
using FsCheck.Fluent;

namespace Downwatch.Domain.Tests.Incidents;

/// <summary>One incident per problem: the provider's posts about the same problem join our incident's timeline.</summary>
public class IncidentTimelineTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private static Incident Ours(DateTimeOffset? resolved = null, string service = "acme") =>
        new("i-1", service, "Acme: major outage detected", ServiceStatus.MajorOutage, Start, resolved,
        [
            new IncidentUpdate(Start, IncidentPhase.Investigating, ServiceStatus.MajorOutage, "Every probe failed."),
            new IncidentUpdate(Start.AddMinutes(20), IncidentPhase.Monitoring, ServiceStatus.Operational, "Signals are back."),
        ]);

    private static VendorIncident Theirs(string id, params (int Minutes, VendorPhase Phase, string Text)[] updates) =>
        new("acme", id, VendorEventKind.Incident, $"Elevated errors ({id})", null, updates[^1].Phase, Start.AddMinutes(updates[0].Minutes), null,
            null, null, $"https://status.acme.test/incidents/{id}", [],
            [.. updates.Select(u => new VendorUpdate(Start.AddMinutes(u.Minutes), u.Phase, u.Text))], "https://status.acme.test/history.rss");

    [Fact]
    public void The_providers_updates_are_interleaved_with_ours_and_never_change_what_we_measured()
    {
        var theirs = Theirs("v1", (5, VendorPhase.Investigating, "We are investigating."), (25, VendorPhase.Resolved, "Fixed."));
        var ours = Ours();
        var fused = IncidentTimeline.TakeProviderWords(ours, [theirs], Start.AddMinutes(30));

        Assert.Equal(ours.Updates, fused.Updates);
        Assert.Equal(IncidentPhase.Monitoring, fused.Phase);
        Assert.Equal(ServiceStatus.MajorOutage, fused.WorstStatus);
        Assert.Null(fused.ResolvedAt);
        Assert.Equal(
            [
                (IncidentVoice.Measured, "Investigating", "Every probe failed."),
                (IncidentVoice.Provider, "Investigating", "We are investigating."),
                (IncidentVoice.Measured, "Monitoring", "Signals are back."),
                (IncidentVoice.Provider, "Resolved", "Fixed."),
            ],
            fused.Timeline.Select(e => (e.Voice, e.Phase, e.Text)));
        var provider = fused.Timeline[1];
        Assert.Null(provider.Status);
        Assert.Equal("https://status.acme.test/incidents/v1", provider.Provider!.Url);
        Assert.Equal("The provider's status page (\"Elevated errors (v1)\"): We are investigating.", provider.Attributed);
    }

    [Fact]
    public void Each_post_is_taken_once_and_a_round_with_nothing_new_changes_nothing()
    {
        var first = Theirs("v1", (5, VendorPhase.Investigating, "We are investigating."));
        var once = IncidentTimeline.TakeProviderWords(Ours(), [first], Start.AddMinutes(10));
        Assert.Same(once, IncidentTimeline.TakeProviderWords(once, [first], Start.AddMinutes(11)));

        var later = Theirs("v1", (5, VendorPhase.Investigating, "We are investigating."), (12, VendorPhase.Identified, "A bad deploy."));
        var twice = IncidentTimeline.TakeProviderWords(once, [later], Start.AddMinutes(13));
        Assert.Equal(["We are investigating.", "A bad deploy."], twice.ProviderUpdates.Select(u => u.Text));
    }

    [Fact]
    public void Other_problems_are_not_taken()
    {
        var now = Start.AddMinutes(30);
        var tooEarly = Theirs("old", (-61, VendorPhase.Investigating, "An hour before ours."));
        var afterOurs = Theirs("late", (40, VendorPhase.Investigating, "After ours ended."));
        var maintenance = Theirs("m", (5, VendorPhase.InProgress, "Maintenance.")) with { Kind = VendorEventKind.Maintenance };
        var elsewhere = Theirs("x", (5, VendorPhase.Investigating, "Another service.")) with { Service = "other" };
        var ours = Ours();

        Assert.Same(ours, IncidentTimeline.TakeProviderWords(ours, [tooEarly, maintenance, elsewhere], now));
        var resolved = Ours(resolved: Start.AddMinutes(30));
        Assert.Same(resolved, IncidentTimeline.TakeProviderWords(resolved, [afterOurs], Start.AddMinutes(45)));
    }

    [Fact]
    public void A_post_up_to_an_hour_before_ours_counts_and_one_dated_after_now_waits()
    {
        var before = Theirs("v1", (-50, VendorPhase.Investigating, "Posted first."), (50, VendorPhase.Monitoring, "Dated ahead."));
        var fused = IncidentTimeline.TakeProviderWords(Ours(), [before], Start.AddMinutes(30));
        Assert.Equal(["Posted first."], fused.ProviderUpdates.Select(u => u.Text));
        Assert.Equal(IncidentVoice.Provider, fused.Timeline[0].Voice);
        Assert.False(fused.OpenedByPeople);
    }

    [Fact]
    public void A_feed_without_updates_still_says_that_it_began_and_ended()
    {
        var bare = new VendorIncident("acme", "rss-1", VendorEventKind.Incident, "API errors", null, VendorPhase.Resolved, Start.AddMinutes(3),
            Start.AddMinutes(15), null, null, null, [], [], "https://status.acme.test/feed.rss");
        var fused = IncidentTimeline.TakeProviderWords(Ours(), [bare], Start.AddMinutes(30));
        Assert.Equal(
            [(Start.AddMinutes(3), VendorPhase.Investigating, "API errors"), (Start.AddMinutes(15), VendorPhase.Resolved, "Marked resolved on the provider's status page.")],
            fused.ProviderUpdates.Select(u => (u.At, u.Phase, u.Text)));
    }

    [Fact]
    public void A_feed_that_repeats_itself_cannot_grow_an_incident_without_bound()
    {
        var flood = Theirs("v1", [.. Enumerable.Range(0, 500).Select(i => (0, VendorPhase.Update, $"Update {i}"))]) with
        {
            Updates = [.. Enumerable.Range(0, 500).Select(i => new VendorUpdate(Start.AddSeconds(i), VendorPhase.Update, $"Update {i}"))],
        };
        var fused = IncidentTimeline.TakeProviderWords(Ours(), [flood], Start.AddHours(1));
        Assert.Equal(IncidentTimeline.MaxProviderUpdates, fused.ProviderUpdates.Count);
        Assert.Same(fused, IncidentTimeline.TakeProviderWords(fused, [flood], Start.AddHours(1)));
    }

    [Fact]
    public void Taking_the_providers_words_is_idempotent_and_keeps_our_own_timeline_property()
    {
        var gen = Gen.Choose(-90, 90).ArrayOf().Select(minutes => minutes.Select((m, i) => new VendorUpdate(Start.AddMinutes(m),
            (VendorPhase)(i % 4), $"post {i}")).ToArray());
        Prop.ForAll(gen.ToArbitrary(), Gen.Choose(0, 120).ToArbitrary(), (updates, nowMinutes) =>
        {
            var theirs = Theirs("v", (0, VendorPhase.Investigating, "x")) with { Updates = updates };
            var now = Start.AddMinutes(nowMinutes);
            var ours = Ours();
            var once = IncidentTimeline.TakeProviderWords(ours, [theirs], now);
            var twice = IncidentTimeline.TakeProviderWords(once, [theirs], now);
            return ReferenceEquals(once, twice)
                && once.Updates.SequenceEqual(ours.Updates)
                && once.Phase == ours.Phase
                && once.ProviderUpdates.All(u => u.At <= now)
                && once.Timeline.Count == ours.Updates.Count + once.ProviderUpdates.Count
                && once.Timeline.Zip(once.Timeline.Skip(1)).All(p => p.First.At <= p.Second.At);
        }).QuickCheckThrowOnFailure();
    }
}
