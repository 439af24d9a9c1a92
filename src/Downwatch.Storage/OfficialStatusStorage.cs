using Downwatch.Domain.Incidents;
using Downwatch.Domain.Observations;

namespace Downwatch.Storage;

/// <summary>Incidents and maintenances as vendors' status pages tell them, per service.</summary>
public interface IVendorIncidentStore
{
    /// <summary>
    /// Records what one read of <paramref name="source"/> said for <paramref name="service"/>: every listed incident is
    /// upserted, and one stored as open from the same source that the read no longer lists is closed at <paramref name="readAt"/>
    /// (a Statuspage summary drops an incident once it is resolved).
    /// </summary>
    Task SyncAsync(string service, string source, IReadOnlyList<VendorIncident> listed, DateTimeOffset readAt, CancellationToken cancellationToken = default);

    /// <summary>The service's vendor incidents that are open or closed after <paramref name="since"/>, newest first.</summary>
    Task<IReadOnlyList<VendorIncident>> ListAsync(string service, DateTimeOffset since, CancellationToken cancellationToken = default);
}

public static class VendorIncidentStoreExtensions
{
    /// <summary>The vendor incidents that may be the provider's word on <paramref name="ours"/> (see <see cref="OfficialLag"/>):
    /// one read per service among them.</summary>
    public static async Task<IReadOnlyList<VendorIncident>> AroundAsync(this IVendorIncidentStore store, IReadOnlyList<Incident> ours,
        CancellationToken cancellationToken = default)
    {
        var theirs = new List<VendorIncident>();
        foreach (var service in ours.GroupBy(i => i.Service, StringComparer.Ordinal))
        {
            theirs.AddRange(await store.ListAsync(service.Key, service.Min(i => i.StartedAt) - OfficialLag.Lead, cancellationToken));
        }

        return theirs;
    }
}

/// <summary>The newest vendor status read of each component (and of the whole service).</summary>
public interface IOfficialStatusStore
{
    Task<IReadOnlyList<OfficialStatusObservation>> LatestAsync(string service, DateTimeOffset since, CancellationToken cancellationToken = default);
}

/// <summary>How reading one official feed goes: validators for conditional requests, the last good body, the last error.</summary>
public interface IFeedStateStore
{
    Task<FeedState?> GetAsync(string source, CancellationToken cancellationToken = default);

    Task SaveAsync(FeedState state, CancellationToken cancellationToken = default);
}

/// <summary>
/// The state of one feed (<see cref="Source"/> is its URL). <see cref="Body"/> is the last body that read well, kept so a
/// 304 Not Modified (or a restart) can be answered from it; <see cref="LastReadAt"/> is when the vendor's word was last
/// confirmed; <see cref="Failures"/> counts failed attempts since then.
/// </summary>
public sealed record FeedState(string Source)
{
    public string? ETag { get; init; }
    public string? LastModified { get; init; }
    public string? ContentType { get; init; }
    public byte[]? Body { get; init; }
    public string? Format { get; init; }
    public string? Summary { get; init; }
    public DateTimeOffset? LastReadAt { get; init; }
    public DateTimeOffset? LastAttemptAt { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? LastErrorAt { get; init; }
    public int Failures { get; init; }
}
