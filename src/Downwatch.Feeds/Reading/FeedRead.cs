using Downwatch.Domain.Incidents;
using Downwatch.Domain.Observations;

namespace Downwatch.Feeds.Reading;

/// <summary>
/// What one adapter read from one payload, in one shape for every platform: the vendor's overall status, its
/// components, its incidents and its maintenances. Each adapter returns its own <c>{X}Result</c> deriving from this.
/// </summary>
public abstract record FeedRead
{
    /// <summary>The adapter that read it ("statuspage", "rss", …).</summary>
    public abstract string Format { get; }

    public string? PageName { get; init; }
    public string? PageUrl { get; init; }

    /// <summary>The vendor's overall status, or null when the feed does not say one.</summary>
    public VendorStatus? Overall { get; init; }

    /// <summary>The vendor's own words for the overall status ("All Systems Operational").</summary>
    public string? OverallText { get; init; }

    /// <summary>
    /// True for feeds that list only incidents (RSS, Atom, Google Cloud): a component or service with no open
    /// incident in such a feed is operational as far as the vendor says.
    /// </summary>
    public bool IncidentsOnly { get; init; }

    public IReadOnlyList<VendorComponentRead> Components { get; init; } = [];
    public IReadOnlyList<VendorEventRead> Incidents { get; init; } = [];
    public IReadOnlyList<VendorEventRead> Maintenances { get; init; } = [];

    /// <summary>Items or values left out of the read, each with the reason (unknown enum values, absurd dates, …).</summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];
}

/// <summary>A component as the vendor lists it; <see cref="Status"/> is null when the vendor's word was not understood.</summary>
public sealed record VendorComponentRead(string Id, string Name, VendorStatus? Status, string? Group = null);

/// <summary>A reference from an incident to a vendor component, by id, name or both.</summary>
public sealed record VendorComponentRef(string? Id, string Name);

/// <summary>An incident or maintenance as read, before it is attached to our services.</summary>
public sealed record VendorEventRead(
    string Id,
    VendorEventKind Kind,
    string Title,
    VendorStatus? Impact,
    VendorPhase Phase,
    bool IsOpen,
    DateTimeOffset StartedAt,
    DateTimeOffset? ResolvedAt,
    string? Url,
    IReadOnlyList<VendorComponentRef> Components,
    IReadOnlyList<VendorUpdate> Updates,
    DateTimeOffset? WindowStart = null,
    DateTimeOffset? WindowEnd = null);
