namespace Downwatch.Domain.Incidents;

/// <summary>
/// Who saw one service's problems first over a period: each incident our probes detected with its lag behind (or ahead
/// of) the provider's post, and the provider's incidents that no incident of ours matched ("posts we never saw").
/// Incidents people opened are their word, not a detection, and are left out.
/// </summary>
public sealed record ProviderLagReport(
    string Service,
    DateTimeOffset Since,
    IReadOnlyList<(Incident Incident, OfficialLag Lag)> Detected,
    IReadOnlyList<VendorIncident> NeverSeen,
    OfficialLagSummary Summary)
{
    public static ProviderLagReport For(string service, DateTimeOffset since, IEnumerable<Incident> ours, IReadOnlyList<VendorIncident> theirs,
        DateTimeOffset now)
    {
        var detected = ours.Where(i => i.Service == service && !i.OpenedByPeople && (i.ResolvedAt ?? now) >= since)
            .OrderByDescending(i => i.StartedAt)
            .Select(i => (Incident: i, Lag: OfficialLag.For(i, theirs, now)))
            .ToList();
        var matched = detected.Select(d => d.Lag.Theirs).OfType<VendorIncident>().Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
        var neverSeen = theirs
            .Where(v => v.Service == service && v.Kind == VendorEventKind.Incident && v.StartedAt >= since && !matched.Contains(v.Id))
            .OrderByDescending(v => v.StartedAt)
            .ToList();
        return new ProviderLagReport(service, since, detected, neverSeen, OfficialLagSummary.Of(detected.ConvertAll(d => d.Lag)));
    }

    /// <summary>The report in one sentence: the summary's, and the provider's incidents our probes never showed.</summary>
    public string Sentence() => (Detected.Count == 0 ? "Our probes detected no incident in this period." : Summary.Sentence())
        + (NeverSeen.Count switch
        {
            0 => "",
            1 => " The provider posted 1 incident that our probes never showed.",
            var n => $" The provider posted {n} incidents that our probes never showed.",
        });
}
