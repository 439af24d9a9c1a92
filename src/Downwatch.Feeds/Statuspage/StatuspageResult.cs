using Downwatch.Feeds.Reading;

namespace Downwatch.Feeds.Statuspage;

/// <summary>A Statuspage read, with the page's id, its last update and its indicator (none / minor / major / critical).</summary>
public sealed record StatuspageResult : FeedRead
{
    public override string Format => "statuspage";

    public string? PageId { get; init; }
    public DateTimeOffset? PageUpdatedAt { get; init; }
    public string? Indicator { get; init; }
}
