using System.Globalization;

namespace Downwatch.Domain.Incidents;

/// <summary>
/// How our detection of a problem and the provider's post about it stand in time: the provider's incident is the
/// earliest one of the same service first posted while ours was open (or up to <see cref="Lead"/> before it began).
/// </summary>
/// <param name="Posted">When the provider first posted about it; null while it has not.</param>
/// <param name="Lag">Posted minus our start: positive when we saw it first.</param>
public sealed record OfficialLag(VendorIncident? Theirs, DateTimeOffset? Posted, TimeSpan Lag)
{
    /// <summary>How long before our detection a provider's post still counts as about the same problem.</summary>
    public static readonly TimeSpan Lead = TimeSpan.FromHours(1);

    public static OfficialLag For(Incident ours, IEnumerable<VendorIncident> theirs, DateTimeOffset now)
    {
        var end = ours.ResolvedAt ?? now;
        var match = theirs
            .Where(v => Concerns(ours, v, now))
            .Select(v => (Incident: v, Posted: FirstPost(v)))
            .OrderBy(v => v.Posted)
            .FirstOrDefault();
        return match.Incident is null
            ? new OfficialLag(null, null, end - ours.StartedAt)
            : new OfficialLag(match.Incident, match.Posted, match.Posted - ours.StartedAt);
    }

    /// <summary>Whether the provider's incident <paramref name="theirs"/> is about the same problem as <paramref name="ours"/>:
    /// the same service, first posted while ours was open or up to <see cref="Lead"/> before it began.</summary>
    public static bool Concerns(Incident ours, VendorIncident theirs, DateTimeOffset now)
    {
        if (theirs.Service != ours.Service || theirs.Kind != VendorEventKind.Incident)
        {
            return false;
        }

        var posted = FirstPost(theirs);
        return posted >= ours.StartedAt - Lead && posted <= (ours.ResolvedAt ?? now);
    }

    /// <summary>The sentence for the incident's page entry.</summary>
    public string Sentence(bool open) => Posted is null
        ? open
            ? $"The provider has not posted about it yet ({Duration(Lag)} since we detected it)."
            : $"The provider did not post about it while it lasted ({Duration(Lag)})."
        : Lag >= TimeSpan.Zero
            ? $"We detected it {Duration(Lag)} before the provider posted \"{Theirs!.Title}\"."
            : $"The provider posted \"{Theirs!.Title}\" {Duration(-Lag)} before our probes detected it.";

    /// <summary>"45 s", "2 min 15 s", "1 h 5 min".</summary>
    public static string Duration(TimeSpan span)
    {
        var seconds = (long)Math.Round(span.TotalSeconds);
        return seconds < 60 ? $"{seconds} s"
            : seconds < 3600 ? (seconds % 60 == 0 ? $"{seconds / 60} min" : $"{seconds / 60} min {seconds % 60} s")
            : string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600} h {seconds % 3600 / 60} min");
    }

    private static DateTimeOffset FirstPost(VendorIncident v) => v.Updates.Count == 0 ? v.StartedAt : v.Updates.Min(u => u.At);
}

/// <summary>Who saw a service's problems first over a run of incidents: ours first, the provider first, the provider silent.</summary>
public sealed record OfficialLagSummary(int Incidents, int OursFirst, int TheirsFirst, int Silent, TimeSpan? MedianLead)
{
    public static OfficialLagSummary Of(IReadOnlyList<OfficialLag> lags)
    {
        var posted = lags.Where(l => l.Posted is not null).ToList();
        var ahead = posted.Where(l => l.Lag >= TimeSpan.Zero).Select(l => l.Lag).Order().ToList();
        return new OfficialLagSummary(lags.Count, ahead.Count, posted.Count - ahead.Count, lags.Count - posted.Count,
            ahead.Count == 0 ? null : ahead[ahead.Count / 2]);
    }

    public string Sentence() => Incidents == 0 ? ""
        : (Incidents == 1 ? "Of this one incident" : $"Of these {Incidents} incidents") + $", our probes saw {OursFirst} before the provider's status page posted"
          + (MedianLead is { } lead ? $" (median lead {OfficialLag.Duration(lead)})" : "")
          + $", the provider posted first on {TheirsFirst}, and it never posted about {Silent}.";
}
