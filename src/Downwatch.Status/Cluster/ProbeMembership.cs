using Downwatch.Domain.Catalog;
using Downwatch.Probing;
using Downwatch.Storage.Cluster;
using Microsoft.Extensions.Options;

namespace Downwatch.Status.Cluster;

/// <summary>
/// serve probes its location's share of the catalog: every <see cref="ClusterOptions.RenewEvery"/> it tells the
/// database that it probes from <see cref="ProbingOptions.Location"/> (for <see cref="ClusterOptions.LeaseTtl"/>) and
/// learns which other nodes do, and it probes the endpoints that <see cref="ProbeShares"/> gives it among them. Alone
/// (one process, or the only node at its location) that is the whole catalog; a node that dies stops renewing, and
/// the others take its endpoints at their next look. When the database cannot be reached the node probes everything:
/// probing twice is better than not probing.
/// </summary>
public sealed partial class ProbeMembership(
    IProbeMemberStore members, ServiceCatalog catalog, IOptions<ProbingOptions> probing, IOptions<ClusterOptions> cluster,
    ILogger<ProbeMembership> log) : BackgroundService, IProbeAssignment
{
    private readonly string _self = $"{cluster.Value.NodeName}/{Guid.NewGuid():N}";
    private IReadOnlyList<string> _members = [];

    public async Task<IReadOnlyList<ProbeTarget>> GetAsync(CancellationToken cancellationToken)
    {
        return await ShareAsync(ProbeTarget.All(catalog), t => t.Key, cancellationToken);
    }

    /// <summary>This node's share of <paramref name="items"/> among the nodes probing from its location.</summary>
    public async Task<IReadOnlyList<T>> ShareAsync<T>(IReadOnlyList<T> items, Func<T, string> key, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _members).Count == 0)
        {
            await HeartbeatAsync(cancellationToken);
        }

        return ProbeShares.Mine(items, key, _self, Volatile.Read(ref _members));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(cluster.Value.RenewEvery);
        do
        {
            await HeartbeatAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await members.LeaveAsync(_self, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogHeartbeatFailed(log, e);
        }
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        try
        {
            Volatile.Write(ref _members, await members.HeartbeatAsync(_self, probing.Value.Location, cluster.Value.LeaseTtl, cancellationToken));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Volatile.Write(ref _members, []);
            LogHeartbeatFailed(log, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the database which nodes probe from this location; probing every endpoint meanwhile")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception exception);
}
