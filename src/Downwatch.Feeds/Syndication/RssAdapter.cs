using Downwatch.Feeds.Reading;
using Microsoft.Extensions.Options;

namespace Downwatch.Feeds.Syndication;

/// <summary>A generic RSS 2.0 incident feed (xAI's status feed, Azure's status feed, …): one item per incident.</summary>
internal sealed class RssAdapter(IOptions<SyndicationOptions> options) : IFeedAdapter
{
    public string Name => "rss";

    public IReadOnlyCollection<string> Platforms { get; } = ["rss", "azure-rss"];

    public int Recognize(FeedPayload payload) => SyndicationXml.TryLoad(payload) is { } doc && SyndicationXml.IsRss(doc) ? 50 : 0;

    public FeedRead Read(FeedPayload payload)
    {
        var doc = SyndicationXml.Load(payload, "an RSS feed");
        if (!SyndicationXml.IsRss(doc))
        {
            throw new FeedFormatException($"not an RSS 2.0 document: the root element is <{doc.Root?.Name.LocalName}>, not <rss> with a <channel>");
        }

        var skipped = new List<string>();
        var (incidents, maintenances) = SyndicationEvents.Read(SyndicationXml.Entries(doc), options.Value.MaxEntries, skipped);
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
