using Downwatch.Feeds.Reading;
using Microsoft.Extensions.Options;

namespace Downwatch.Feeds.Syndication;

/// <summary>
/// Azure's status feed (<c>azure.status.microsoft/en-us/status/feed/</c>): RSS 2.0 speaking for all of Azure, one item per
/// broad incident, usually an empty channel. An item's categories name the products and regions it affects ("Network
/// Infrastructure", "West US"), so they are read as its components: only the products a service maps in
/// <c>status_page.components</c> (or names in the title) speak for it. Items state no phase: an item is open while it is
/// listed and leaves the feed when over.
/// </summary>
internal sealed class AzureRssAdapter(IOptions<SyndicationOptions> options) : IFeedAdapter
{
    public string Name => "azure-rss";

    public IReadOnlyCollection<string> Platforms { get; } = ["azure-rss"];

    public int Recognize(FeedPayload payload) =>
        SyndicationXml.TryLoad(payload) is { } doc && SyndicationXml.IsRss(doc)
        && SyndicationXml.Head(doc).Title?.Equals("Azure Status", StringComparison.OrdinalIgnoreCase) == true ? 60 : 0;

    public FeedRead Read(FeedPayload payload) => RssAdapter.Read(payload, options.Value.MaxEntries, listsOnlyCurrent: true);
}
