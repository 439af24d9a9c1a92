using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Downwatch.Storage.Cluster;

/// <summary>Whether this node is the one that runs the work only one node may do (status rounds, feed polling, notification delivery, rollups).</summary>
public interface ILeadership
{
    /// <summary>True while this node holds the leader lease, with a margin before the database would let another node take it.</summary>
    bool IsLeader { get; }

    /// <summary>The lease term this node last held (it fences what the node writes as leader); 0 before it ever led.</summary>
    long Term { get; }

    /// <summary>Takes or renews the lease now; true when this node leads.</summary>
    Task<bool> RenewAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Every node tries to take or renew the leader lease every <see cref="ClusterOptions.RenewEvery"/>; the database's
/// clock decides expiry, so a node that dies or is paused loses the lease within <see cref="ClusterOptions.LeaseTtl"/>.
/// Locally a lease counts for only 80 % of its length, measured from before the renewal was sent, on the real monotonic
/// clock (a paused process sees at once on waking that its lease is over). With one process on SQLite it always leads.
/// </summary>
/// <param name="clock">The real clock: the lease is a contract in real time with the database, whatever clock the engine reads.</param>
public sealed partial class Leadership(ILeaseStore leases, IOptions<ClusterOptions> options, TimeProvider clock, ILogger<Leadership> log)
    : BackgroundService, ILeadership
{
    public const string LeaderLease = "leader";

    private readonly string _holder = $"{options.Value.NodeName}/{Guid.NewGuid():N}";
    private readonly SemaphoreSlim _renewing = new(1, 1);
    private long _term;
    private long _leadingUntil;

    public bool IsLeader => Volatile.Read(ref _term) > 0 && clock.GetTimestamp() < Volatile.Read(ref _leadingUntil);

    public long Term { get; private set; }

    public async Task<bool> RenewAsync(CancellationToken cancellationToken)
    {
        await _renewing.WaitAsync(cancellationToken);
        try
        {
            var ttl = options.Value.LeaseTtl;
            var sent = clock.GetTimestamp();
            long? term;
            try
            {
                term = await leases.TryAcquireAsync(LeaderLease, _holder, ttl, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogRenewFailed(log, e.Message);
                term = null;
            }

            var before = Volatile.Read(ref _term);
            if (term is { } t)
            {
                Volatile.Write(ref _leadingUntil, sent + (long)(ttl.TotalSeconds * 0.8 * clock.TimestampFrequency));
                Volatile.Write(ref _term, t);
                Term = t;
                if (before != t)
                {
                    LogLeading(log, options.Value.NodeName, t);
                }
            }
            else
            {
                Volatile.Write(ref _term, 0);
                if (before != 0)
                {
                    LogLost(log, options.Value.NodeName);
                }
            }

            return IsLeader;
        }
        finally
        {
            _renewing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RenewEvery, clock);
        do
        {
            await RenewAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (Volatile.Read(ref _term) > 0)
        {
            try
            {
                // Hand over at once instead of letting the others wait for the lease to expire.
                await leases.ReleaseAsync(LeaderLease, _holder, cancellationToken);
                Volatile.Write(ref _term, 0);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogRenewFailed(log, e.Message);
            }
        }
    }

    public override void Dispose()
    {
        _renewing.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {Node} leads (term {Term}): it runs status rounds, feed polling and notification delivery")]
    private static partial void LogLeading(ILogger logger, string node, long term);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node} no longer leads; it follows the leader's status rounds")]
    private static partial void LogLost(ILogger logger, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The leader lease could not be renewed: {Reason}")]
    private static partial void LogRenewFailed(ILogger logger, string reason);
}
