using Downwatch.Feeds.Reading;

namespace Downwatch.Feeds.IncidentIo;

/// <summary>An incident.io read; <see cref="Shape"/> says which of its documents it was ("statuspage-compatible" or "widget").</summary>
public sealed record IncidentIoResult : FeedRead
{
    public override string Format => "incidentio";

    public string Shape { get; init; } = "";
}
