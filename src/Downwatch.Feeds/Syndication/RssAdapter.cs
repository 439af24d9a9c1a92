using Downwatch.Feeds.Reading;
using Microsoft.Extensions.Options;

namespace Downwatch.Feeds.Syndication;

/// <summary>A generic RSS 2.0 incident feed (xAI's status feed, Volcengine's per-product feeds, …): one item per incident.</summary>
internal sealed class RssAdapter(IOptions<SyndicationOptions> options) : IFeedAdapter
{
    public string Name => "rss";

    public IReadOnlyCollection<string> Platforms { get; } = ["rss"];

    public int Recognize(FeedPayload payload) => SyndicationXml.TryLoad(payload) is { } doc && SyndicationXml.IsRss(doc) ? 50 : 0;

    public FeedRead Read(FeedPayload payload) => Read(payload, options.Value.MaxEntries, listsOnlyCurrent: false);

    /// <param name="listsOnlyCurrent">True for a feed that lists only what is going on and whose item categories name what it
    /// affects (Azure's: products and regions); elsewhere items stay after they end and categories carry severities and phases.</param>
    public static RssResult Read(FeedPayload payload, int maxEntries, bool listsOnlyCurrent)
    {
        var doc = SyndicationXml.Load(payload, "an RSS feed");
        if (!SyndicationXml.IsRss(doc))
        {
            throw new FeedFormatException($"not an RSS 2.0 document: the root element is <{doc.Root?.Name.LocalName}>, not <rss> with a <channel>");
        }

        var skipped = new List<string>();
        var (incidents, maintenances) = SyndicationEvents.Read(SyndicationXml.Entries(doc), maxEntries, skipped,
            categoriesNameComponents: listsOnlyCurrent, listedMeansOpen: listsOnlyCurrent);
        var (title, link) = SyndicationXml.Head(doc);
        return new RssResult
        {
            ChannelTitle = title, PageName = title, PageUrl = link, IncidentsOnly = true,
            Overall = SyndicationEvents.Overall(incidents), OverallText = SyndicationEvents.OverallText(incidents),
            Incidents = incidents, Maintenances = maintenances, Skipped = skipped,
        };
    }
}

/// <summary>An RSS read, with the channel's title.</summary>
public sealed record RssResult : FeedRead
{
    public override string Format => "rss";

    public string? ChannelTitle { get; init; }
}
