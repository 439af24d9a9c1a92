namespace Downwatch.Storage.Cluster;

/// <summary>Which nodes probe from a location right now: each says so again before its word expires.</summary>
public interface IProbeMemberStore
{
    /// <summary>Records that <paramref name="node"/> probes from <paramref name="location"/> for <paramref name="ttl"/>
    /// more (on the database's clock), and returns every node whose word for that location has not expired, this one included.</summary>
    Task<IReadOnlyList<string>> HeartbeatAsync(string node, string location, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>The node stops probing: the others take its share at their next look.</summary>
    Task LeaveAsync(string node, CancellationToken cancellationToken = default);
}
