using System.ComponentModel.DataAnnotations;
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
public sealed partial class AssessmentLoop(AssessmentCycle cycle, IOptions<StatusOptions> options,
    IOptions<Storage.StorageOptions> storage, TimeProvider time, ILogger<AssessmentLoop> logger) : BackgroundService
{
    private readonly TaskCompletionSource _firstRound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first round after start has published its statuses.</summary>
    public Task FirstRound => _firstRound.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.EvaluationInterval;
        using var timer = new PeriodicTimer(interval, time);
        var elapsed = TimeSpan.Zero;
        var pruneAt = time.GetUtcNow();
        await cycle.WarmAsync(stoppingToken);
        do
        {
            try
            {
                await cycle.RunAsync(elapsed, stoppingToken);
                if (time.GetUtcNow() >= pruneAt)
                {
                    await cycle.PruneAsync(TimeSpan.FromDays(storage.Value.ProbeRetentionDays), stoppingToken);
                    pruneAt = time.GetUtcNow() + TimeSpan.FromHours(1);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogCycleFailed(logger, e);
            }

            _firstRound.TrySetResult();
            elapsed = interval;
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Status evaluation round failed; the previous statuses stay published")]
    private static partial void LogCycleFailed(ILogger logger, Exception exception);
}
