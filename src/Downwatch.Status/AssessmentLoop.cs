using System.ComponentModel.DataAnnotations;
using Downwatch.Status.History;
using Downwatch.Storage.Cluster;
using Microsoft.Extensions.Options;

namespace Downwatch.Status;

/// <summary>Section "Status": how often the status engine runs.</summary>
public sealed class StatusOptions
{
    public const string Section = "Status";

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a node that does not lead looks for the leader's newest round when it has not been told of one
    /// (on PostgreSQL the leader announces each round, and followers look at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan FollowEvery { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>Runs an <see cref="AssessmentCycle"/> at a fixed interval for as long as the host lives.</summary>
public sealed partial class AssessmentLoop(AssessmentCycle cycle, ProbeHistory history, ILeadership leadership,
    IRoundAnnouncements announcements, IOptions<StatusOptions> options, TimeProvider time, ILogger<AssessmentLoop> logger) : BackgroundService
{
    private readonly TaskCompletionSource _firstRound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first round after start has published its statuses.</summary>
    public Task FirstRound => _firstRound.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.EvaluationInterval;
        var follow = options.Value.FollowEvery < interval ? options.Value.FollowEvery : interval;
        using var timer = new PeriodicTimer(follow, time);
        var elapsed = TimeSpan.Zero;
        var nextRound = DateTimeOffset.MinValue;
        var leading = false;
        await leadership.RenewAsync(stoppingToken);
        Task<bool>? tick = null;
        do
        {
            try
            {
                if (!leadership.IsLeader)
                {
                    // Another node runs the rounds: take what it published (checked every FollowEvery).
                    leading = false;
                    await cycle.FollowAsync(stoppingToken);
                }
                else if (time.GetUtcNow() >= nextRound)
                {
                    if (!leading)
                    {
                        await cycle.WarmAsync(stoppingToken); // every node's recent observations, not only this one's
                        leading = true;
                    }

                    nextRound = time.GetUtcNow() + interval;
                    await cycle.RunAsync(elapsed, stoppingToken);
                    elapsed = interval;
                    await RollUpAsync(stoppingToken);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogCycleFailed(logger, e);
            }

            _firstRound.TrySetResult();

            // The next tick, or sooner when the leader announces a round (a leader hears its own, and finds nothing due).
            tick ??= timer.WaitForNextTickAsync(stoppingToken).AsTask();
            var announced = announcements.NextAsync(stoppingToken);
            if (await Task.WhenAny(tick, announced) == tick)
            {
                if (!await tick)
                {
                    return;
                }

                tick = null;
            }
            else
            {
                await announced;
            }
        }
        while (true);
    }

    private async Task RollUpAsync(CancellationToken stoppingToken)
    {
        try
        {
            await history.RunAsync(stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            LogHistoryFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Rolling up or pruning probe history failed; it is tried again next round")]
    private static partial void LogHistoryFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Status evaluation round failed; the previous statuses stay published")]
    private static partial void LogCycleFailed(ILogger logger, Exception exception);
}
