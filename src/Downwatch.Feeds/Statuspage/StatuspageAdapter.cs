using Downwatch.Feeds.Reading;
using Microsoft.Extensions.Options;

namespace Downwatch.Feeds.Statuspage;

/// <summary>Atlassian Statuspage v2 JSON: summary.json, components.json, incidents.json, scheduled-maintenances.json.</summary>
internal sealed class StatuspageAdapter(IOptions<StatuspageOptions> options) : IFeedAdapter
{
    public string Name => "statuspage";

    public IReadOnlyCollection<string> Platforms { get; } = ["statuspage"];

    public int Recognize(FeedPayload payload)
    {
        using var doc = JsonFeed.TryParse(payload);
        return doc is null || !StatuspageJson.LooksLikeStatuspage(doc.RootElement) ? 0
            : StatuspageJson.HasUlidPageId(doc.RootElement) ? 40 : 80;
    }

    public FeedRead Read(FeedPayload payload)
    {
        using var doc = JsonFeed.Parse(payload, "Statuspage");
        if (!StatuspageJson.LooksLikeStatuspage(doc.RootElement))
        {
            throw new FeedFormatException("not a Statuspage v2 document: no \"page\" object with an id beside components, incidents, scheduled_maintenances or status");
        }

        var parts = new StatuspageJson.Parts();
        StatuspageJson.ReadInto(doc.RootElement, parts, options.Value.MaxEvents);
        return new StatuspageResult
        {
            PageId = parts.PageId,
            PageUpdatedAt = parts.PageUpdatedAt,
            Indicator = parts.Indicator,
            PageName = parts.PageName,
            PageUrl = parts.PageUrl,
            Overall = parts.Overall,
            OverallText = parts.OverallText,
            Components = parts.Components,
            Incidents = parts.Incidents,
            Maintenances = parts.Maintenances,
            Skipped = parts.Skipped,
        };
    }
}
