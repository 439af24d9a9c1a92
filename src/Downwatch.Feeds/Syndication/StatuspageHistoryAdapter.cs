using System.Globalization;
using System.Text.RegularExpressions;
using Downwatch.Domain.Incidents;
using Downwatch.Feeds.Reading;
using Microsoft.Extensions.Options;

namespace Downwatch.Feeds.Syndication;

/// <summary>
/// Statuspage's incident history as RSS (<c>/history.rss</c>) or Atom (<c>/history.atom</c>). Each entry's HTML holds
/// the incident's updates as <c>&lt;p&gt;&lt;small&gt;Mar 16, 19:46 UTC&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Resolved&lt;/strong&gt; - text&lt;/p&gt;</c>;
/// the dates carry no year, so it is taken from the entry's own date.
/// </summary>
internal sealed partial class StatuspageHistoryAdapter(IOptions<SyndicationOptions> options) : IFeedAdapter
{
    public string Name => "statuspage-history";

    public IReadOnlyCollection<string> Platforms { get; } = ["statuspage"];

    public int Recognize(FeedPayload payload) =>
        SyndicationXml.TryLoad(payload) is { } doc && SyndicationXml.Entries(doc).Take(5).Any(e => UpdateBlock().IsMatch(e.Html)) ? 90 : 0;

    public FeedRead Read(FeedPayload payload)
    {
        var doc = SyndicationXml.Load(payload, "a Statuspage history feed");
        if (!SyndicationXml.IsRss(doc) && !SyndicationXml.IsAtom(doc))
        {
            throw new FeedFormatException($"not an RSS or Atom document: the root element is <{doc.Root?.Name.LocalName}>");
        }

        var skipped = new List<string>();
        var incidents = new List<VendorEventRead>();
        var maintenances = new List<VendorEventRead>();
        foreach (var entry in SyndicationXml.Entries(doc).Take(options.Value.MaxEntries))
        {
            var read = ReadEntry(entry, skipped);
            if (read is not null)
            {
                (read.Kind == VendorEventKind.Incident ? incidents : maintenances).Add(read);
            }
        }

        var (title, link) = SyndicationXml.Head(doc);
        return new StatuspageHistoryResult
        {
            Syndication = SyndicationXml.IsRss(doc) ? "rss" : "atom", PageName = title, PageUrl = link, IncidentsOnly = true,
            Overall = SyndicationEvents.Overall(incidents), OverallText = SyndicationEvents.OverallText(incidents),
            Incidents = incidents, Maintenances = maintenances, Skipped = skipped,
        };
    }

    private static VendorEventRead? ReadEntry(SyndicationEntry entry, List<string> skipped)
    {
        var reference = entry.Updated ?? entry.Published;
        if (reference is null)
        {
            skipped.Add($"entry '{entry.Title}': no valid date");
            return null;
        }

        var updates = new List<VendorUpdate>();
        foreach (Match m in UpdateBlock().Matches(entry.Html))
        {
            var when = SyndicationXml.HtmlText(m.Groups["when"].Value);
            var at = DateWithoutYear(when, reference.Value);
            if (at is null)
            {
                skipped.Add($"update of '{entry.Title}': date '{when}' not understood");
                continue;
            }

            var phase = VendorPhases.Parse(SyndicationXml.HtmlText(m.Groups["phase"].Value)) ?? VendorPhase.Update;
            updates.Add(new VendorUpdate(at.Value, phase, SyndicationXml.HtmlText(m.Groups["text"].Value)));
        }

        if (updates.Count == 0)
        {
            skipped.Add($"entry '{entry.Title}': no updates found in its text");
            return null;
        }

        updates = [.. updates.OrderBy(u => u.At)];
        var stated = updates.Where(u => u.Phase != VendorPhase.Update).Select(u => (VendorPhase?)u.Phase).LastOrDefault();
        var phaseNow = stated ?? VendorPhase.Update;
        var maintenance = updates.Any(u => u.Phase is VendorPhase.Scheduled or VendorPhase.InProgress or VendorPhase.Verifying or VendorPhase.Completed);
        var final = phaseNow.IsFinal();
        var id = entry.Link is { } link && link.Contains("/incidents/", StringComparison.Ordinal) ? link[(link.LastIndexOf('/') + 1)..] : entry.Id;
        return new VendorEventRead(id, maintenance ? VendorEventKind.Maintenance : VendorEventKind.Incident, entry.Title, null, phaseNow,
            !final, updates[0].At, final ? updates.Last(u => u.Phase.IsFinal()).At : null, entry.Link, [], updates);
    }

    /// <summary>"Mar 16, 19:46 UTC" in the year of <paramref name="reference"/>, or the year before when that would be after it.</summary>
    internal static DateTimeOffset? DateWithoutYear(string text, DateTimeOffset reference)
    {
        var m = MonthDayTime().Match(text);
        if (!m.Success)
        {
            return null;
        }

        var core = $"{m.Groups[1].Value} {int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)} {m.Groups[3].Value}";
        foreach (var year in new[] { reference.Year, reference.Year - 1 })
        {
            if (DateTimeOffset.TryParseExact($"{core} {year}", "MMM d HH:mm yyyy", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal, out var at) && at <= reference.AddDays(2))
            {
                return at.ToUniversalTime();
            }
        }

        return null;
    }

    [GeneratedRegex(@"<small>(?<when>.*?)</small>\s*<br\s*/?>\s*<strong>(?<phase>.*?)</strong>\s*-\s*(?<text>.*?)</p>",
        RegexOptions.Singleline | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 2000)]
    private static partial Regex UpdateBlock();

    [GeneratedRegex(@"([A-Z][a-z]{2})\s+(\d{1,2}),\s*(\d{1,2}:\d{2})\s*UTC")]
    private static partial Regex MonthDayTime();
}

/// <summary>A Statuspage history read; <see cref="Syndication"/> says whether it came as "rss" or "atom".</summary>
public sealed record StatuspageHistoryResult : FeedRead
{
    public override string Format => "statuspage-history";

    public string Syndication { get; init; } = "";
}
