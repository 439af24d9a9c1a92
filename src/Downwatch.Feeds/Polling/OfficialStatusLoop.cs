using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Downwatch.Feeds.Polling;

/// <summary>Runs <see cref="OfficialStatusSync"/> every tick for as long as the host lives, unless reading feeds is switched off.</summary>
/// <remarks>Only the leading node reads feeds; the others store nothing and wait for their turn.</remarks>
public sealed partial class OfficialStatusLoop(OfficialStatusSync sync, Storage.Cluster.ILeadership leadership,
    IOptions<OfficialStatusOptions> options, TimeProvider time, ILogger<OfficialStatusLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        var skipped = string.Join("; ", sync.SkippedSources);
        LogStarting(logger, sync.Sources.Count, sync.SkippedSources.Count, skipped);
        using var timer = new PeriodicTimer(options.Value.Tick, time);
        do
        {
            try
            {
                if (leadership.IsLeader)
                {
                    await sync.RunDueAsync(stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRoundFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Official status feeds are not read (OfficialStatus:Enabled is false)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading {Count} official status feeds; {SkippedCount} not read: {Skipped}")]
    private static partial void LogStarting(ILogger logger, int count, int skippedCount, string skipped);

    [LoggerMessage(Level = LogLevel.Error, Message = "A round of official status reads failed; the next tick tries again")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
