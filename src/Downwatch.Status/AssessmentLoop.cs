using System.ComponentModel.DataAnnotations;
using Downwatch.Status.History;
using Downwatch.Storage.Faults;
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

/// <summary>
/// Runs an <see cref="AssessmentCycle"/> at a fixed interval for as long as the host lives. A failing round (the
/// database unreadable, a write refused) is logged, reported in /readyz and tried again after a doubling pause (up to
/// <see cref="MaxBackoff"/>); it never stops the host.
/// </summary>
public sealed partial class AssessmentLoop(AssessmentCycle cycle, ProbeHistory history, ILeadership leadership,
    IRoundAnnouncements announcements, IOptions<StatusOptions> options, TimeProvider time, ILogger<AssessmentLoop> logger,
    RunningHealth health) : BackgroundService
{
    /// <summary>Its name in /readyz.</summary>
    public const string Name = "status rounds";

    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    private readonly TaskCompletionSource _firstRound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first round after start has published its statuses.</summary>
    public Task FirstRound => _firstRound.Task;

    private TimeSpan _elapsed = TimeSpan.Zero;
    private DateTimeOffset _nextRound = DateTimeOffset.MinValue;
    private bool _leading;
    private bool _renewed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.EvaluationInterval;
        var follow = options.Value.FollowEvery < interval ? options.Value.FollowEvery : interval;
        using var timer = new PeriodicTimer(follow, time);
        var retryAt = DateTimeOffset.MinValue;
        Task<bool>? tick = null;
        do
        {
            if (time.GetUtcNow() >= retryAt)
            {
                try
                {
                    await RunDueAsync(interval, stoppingToken);
                    health.LoopSucceeded(Name);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    var failures = health.LoopFailed(Name, e);
                    var pause = RunningHealth.Backoff(failures, follow, MaxBackoff);
                    retryAt = time.GetUtcNow() + pause;
                    LogCycleFailed(logger, e, failures, pause);
                }
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

    /// <summary>What is due now: learn who leads (once), then follow the leader's rounds or run our own.</summary>
    private async Task RunDueAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        if (!_renewed)
        {
            await leadership.RenewAsync(stoppingToken);
            _renewed = true;
        }

        if (!leadership.IsLeader)
        {
            // Another node runs the rounds: take what it published (checked every FollowEvery).
            _leading = false;
            await cycle.FollowAsync(stoppingToken);
        }
        else if (time.GetUtcNow() >= _nextRound)
        {
            if (!_leading)
            {
                await cycle.WarmAsync(stoppingToken); // every node's recent observations, not only this one's
                _leading = true;
            }

            _nextRound = time.GetUtcNow() + interval;
            await cycle.RunAsync(_elapsed, stoppingToken);
            _elapsed = interval;
            await RollUpAsync(stoppingToken);
        }
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Status evaluation round failed ({Failures} in a row); the previous statuses stay published, next try in {Pause}")]
    private static partial void LogCycleFailed(ILogger logger, Exception exception, int failures, TimeSpan pause);
}
