using Downwatch.Domain.Incidents;
using Downwatch.Domain.Observations;
using Downwatch.Feeds.Reading;

namespace Downwatch.Feeds.Syndication;

/// <summary>Generic RSS/Atom entries as vendor events: one update each, open only when the entry states an unfinished phase
/// (or, in a feed that lists only current events, until it states a finished one).</summary>
internal static class SyndicationEvents
{
    public static (List<VendorEventRead> Incidents, List<VendorEventRead> Maintenances) Read(IEnumerable<SyndicationEntry> entries,
        int max, List<string> skipped, bool categoriesNameComponents = false, bool listedMeansOpen = false)
    {
        var incidents = new List<VendorEventRead>();
        var maintenances = new List<VendorEventRead>();
        foreach (var entry in entries.Take(max))
        {
            var at = entry.Published ?? entry.Updated;
            if (at is null)
            {
                skipped.Add($"entry '{entry.Title}': no valid date");
                continue;
            }

            var text = SyndicationXml.HtmlText(entry.Html);
            var phase = SyndicationXml.StatedPhase(entry, text);
            var kind = IsMaintenance(entry) ? VendorEventKind.Maintenance : VendorEventKind.Incident;
            // Most feeds keep their history, so an entry is open only when it says so; a feed that lists only what is going on
            // (Azure's) makes every entry open until it says it is over.
            var open = listedMeansOpen ? phase?.IsFinal() != true : phase is { } p && !p.IsFinal() && p != VendorPhase.Update;
            var resolved = phase?.IsFinal() == true ? entry.Updated ?? at : null;
            var update = new VendorUpdate(at.Value, phase ?? VendorPhase.Update, text.Length > 0 ? text : entry.Title);
            (kind == VendorEventKind.Incident ? incidents : maintenances).Add(new VendorEventRead(entry.Id, kind, entry.Title, null,
                phase ?? VendorPhase.Update, open, at.Value, resolved, entry.Link, categoriesNameComponents ? [.. entry.Categories.Select(c => new VendorComponentRef(null, c))] : [], [update]));
        }

        return (incidents, maintenances);
    }

    /// <summary>An incidents-only feed says operational unless it has an open incident; then the worst stated impact.</summary>
    public static VendorStatus Overall(IEnumerable<VendorEventRead> incidents) =>
        incidents.Where(i => i.IsOpen).Select(i => i.Impact ?? VendorStatus.DegradedPerformance)
            .Aggregate(VendorStatus.Operational, VendorWords.Worst);

    public static string OverallText(IReadOnlyCollection<VendorEventRead> incidents) =>
        incidents.Count(i => i.IsOpen) is var open && open == 0 ? "No open incident in the feed" : $"{open} open incident(s) in the feed";

    private static bool IsMaintenance(SyndicationEntry entry) =>
        entry.Title.Contains("maintenance", StringComparison.OrdinalIgnoreCase)
        || entry.Categories.Any(c => c.Contains("maintenance", StringComparison.OrdinalIgnoreCase));
}
