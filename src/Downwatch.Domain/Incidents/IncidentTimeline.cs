using Downwatch.Domain.Status;

namespace Downwatch.Domain.Incidents;

/// <summary>Who speaks in an entry of an incident's timeline.</summary>
public enum IncidentVoice
{
    /// <summary>What our probes, reports and the engine measured.</summary>
    Measured,

    /// <summary>The operator of this site.</summary>
    Operator,

    /// <summary>The provider's own status page, copied as it was posted.</summary>
    Provider,
}

/// <summary>One of the provider's updates on its incident <paramref name="Incident"/> ("<paramref name="Title"/>"), kept in
/// our incident about the same problem.</summary>
public sealed record ProviderUpdate(string Incident, string Title, DateTimeOffset At, VendorPhase Phase, string Text, string? Url);

/// <summary>An entry of the one timeline of an incident, whoever said it.</summary>
/// <param name="Phase">Our incident's phase for measured and operator entries; the provider's own word for theirs.</param>
/// <param name="Status">What we measured at that point; null for the provider's entries.</param>
/// <param name="Provider">The provider's update itself (its incident's title and link), for the provider's entries.</param>
public sealed record TimelineEntry(DateTimeOffset At, IncidentVoice Voice, string Phase, ServiceStatus? Status, string Text,
    string? Author, ProviderUpdate? Provider)
{
    /// <summary>The text with who said it where a channel has no room for more (feeds, documents of other formats).</summary>
    public string Attributed => Provider is { } p ? $"The provider's status page (\"{p.Title}\"): {Text}" : Text;
}

/// <summary>
/// One incident per problem: our incident of a service takes the updates of the provider's incidents about the same
/// problem (those <see cref="OfficialLag.Concerns"/> matches) into its timeline, so that the machine's evidence, people's
/// words and the provider's posts read as one story and subscribers get one thread. The provider's words never change
/// our incident's phase or status: those stay what we measured.
/// </summary>
public static class IncidentTimeline
{
    /// <summary>At most this many of the provider's updates are kept in one incident (a feed can repeat itself endlessly).</summary>
    public const int MaxProviderUpdates = 100;

    /// <summary>Our entries and the provider's, oldest first; at the same instant ours come first.</summary>
    public static IReadOnlyList<TimelineEntry> Of(Incident incident) =>
    [
        .. incident.Updates.Select(u => new TimelineEntry(u.At, u.Author is null ? IncidentVoice.Measured : IncidentVoice.Operator,
                u.Phase.ToString(), u.Status, u.Text, u.Author, null))
            .Concat(incident.ProviderUpdates.Select(p => new TimelineEntry(p.At, IncidentVoice.Provider, p.Phase.Title(), null,
                p.Text, null, p)))
            .OrderBy(e => e.At)
            .ThenBy(e => e.Voice == IncidentVoice.Provider),
    ];

    /// <summary>
    /// <paramref name="ours"/> with the provider's updates on the same problem posted up to <paramref name="now"/> that it
    /// does not hold yet; the same instance when there are none (so that nothing is stored or announced for nothing).
    /// </summary>
    public static Incident TakeProviderWords(Incident ours, IEnumerable<VendorIncident> theirs, DateTimeOffset now)
    {
        var held = ours.ProviderUpdates.Select(Key).ToHashSet();
        var fresh = theirs
            .Where(v => OfficialLag.Concerns(ours, v, now))
            .SelectMany(Updates)
            .Where(u => u.At <= now && !held.Contains(Key(u)))
            .DistinctBy(Key)
            .OrderBy(u => u.At)
            .Take(MaxProviderUpdates - ours.ProviderUpdates.Count)
            .ToList();
        return fresh.Count == 0 ? ours : ours with { ProviderUpdates = [.. ours.ProviderUpdates, .. fresh] };
    }

    /// <summary>The updates of one provider incident; a feed that lists an incident without updates still says it
    /// began (its title) and, when closed, that it ended.</summary>
    private static IEnumerable<ProviderUpdate> Updates(VendorIncident v)
    {
        if (v.Updates.Count == 0)
        {
            yield return new ProviderUpdate(v.Id, v.Title, v.StartedAt, v.Phase.IsFinal() ? VendorPhase.Investigating : v.Phase, v.Title, v.Url);
        }

        foreach (var u in v.Updates)
        {
            yield return new ProviderUpdate(v.Id, v.Title, u.At, u.Phase, string.IsNullOrWhiteSpace(u.Text) ? v.Title : u.Text, v.Url);
        }

        if (v.ResolvedAt is { } resolved && !v.Updates.Any(u => u.Phase.IsFinal()))
        {
            yield return new ProviderUpdate(v.Id, v.Title, resolved, VendorPhase.Resolved, "Marked resolved on the provider's status page.", v.Url);
        }
    }

    private static (string, DateTimeOffset, VendorPhase) Key(ProviderUpdate u) => (u.Incident, u.At, u.Phase);
}
