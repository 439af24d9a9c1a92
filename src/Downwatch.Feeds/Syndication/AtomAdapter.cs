using Downwatch.Feeds.Reading;
using Microsoft.Extensions.Options;

namespace Downwatch.Feeds.Syndication;

/// <summary>A generic Atom incident feed: one entry per incident.</summary>
internal sealed class AtomAdapter(IOptions<SyndicationOptions> options) : IFeedAdapter
{
    public string Name => "atom";

    public IReadOnlyCollection<string> Platforms { get; } = ["atom"];

    public int Recognize(FeedPayload payload) => SyndicationXml.TryLoad(payload) is { } doc && SyndicationXml.IsAtom(doc) ? 50 : 0;

    public FeedRead Read(FeedPayload payload)
    {
        var doc = SyndicationXml.Load(payload, "an Atom feed");
        if (!SyndicationXml.IsAtom(doc))
        {
            throw new FeedFormatException($"not an Atom document: the root element is <{doc.Root?.Name.LocalName}>, not an Atom <feed>");
        }

        var skipped = new List<string>();
        var (incidents, maintenances) = SyndicationEvents.Read(SyndicationXml.Entries(doc), options.Value.MaxEntries, skipped);
        var (title, link) = SyndicationXml.Head(doc);
        return new AtomResult
        {
            FeedTitle = title, PageName = title, PageUrl = link, IncidentsOnly = true,
            Overall = SyndicationEvents.Overall(incidents), OverallText = SyndicationEvents.OverallText(incidents),
            Incidents = incidents, Maintenances = maintenances, Skipped = skipped,
        };
    }
}

/// <summary>An Atom read, with the feed's title.</summary>
public sealed record AtomResult : FeedRead
{
    public override string Format => "atom";

    public string? FeedTitle { get; init; }
}
