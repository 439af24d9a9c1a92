using System.ComponentModel.DataAnnotations;
using Downwatch.Status.History;
using Microsoft.Extensions.Options;

namespace Downwatch.Status;

/// <summary>Section "Status": how often the status engine runs.</summary>
public sealed class StatusOptions
{
    public const string Section = "Status";

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Runs an <see cref="AssessmentCycle"/> at a fixed interval for as long as the host lives.</summary>
public sealed partial class AssessmentLoop(AssessmentCycle cycle, ProbeHistory history, IOptions<StatusOptions> options,
    TimeProvider time, ILogger<AssessmentLoop> logger) : BackgroundService
{
    private readonly TaskCompletionSource _firstRound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first round after start has published its statuses.</summary>
    public Task FirstRound => _firstRound.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.EvaluationInterval;
        using var timer = new PeriodicTimer(interval, time);
        var elapsed = TimeSpan.Zero;
        await cycle.WarmAsync(stoppingToken);
        do
        {
            try
            {
                await cycle.RunAsync(elapsed, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogCycleFailed(logger, e);
            }

            try
            {
                await history.RunAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogHistoryFailed(logger, e);
            }

            _firstRound.TrySetResult();
            elapsed = interval;
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Rolling up or pruning probe history failed; it is tried again next round")]
    private static partial void LogHistoryFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Status evaluation round failed; the previous statuses stay published")]
    private static partial void LogCycleFailed(ILogger logger, Exception exception);
}
