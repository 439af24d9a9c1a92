using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Downwatch.Probing.Agent;

/// <summary>
/// Sends buffered segments to the server in order, deleting each only after the server stored it; while the
/// server is unreachable it retries with exponential backoff and the buffer grows on disk. The server stores a
/// result id once, so a segment sent twice (acknowledgement lost) does not duplicate anything.
/// </summary>
public sealed partial class ResultUploader(DiskBuffer buffer, AgentClient client, IOptions<AgentOptions> options, TimeProvider time,
    ILogger<ResultUploader> logger) : BackgroundService
{
    private readonly ResiliencePipeline _retry = new ResiliencePipelineBuilder { TimeProvider = time }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<AgentRejectedException>()
                .Handle<TaskCanceledException>(),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(30),
            MaxRetryAttempts = int.MaxValue,
            OnRetry = args =>
            {
                LogRetry(logger, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.Message);
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(options.Value.UploadEvery, time, stoppingToken);
            try
            {
                await UploadAllAsync(stoppingToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogBufferFailed(logger, e);
            }
        }
    }

    /// <summary>Seals what is buffered and sends every segment, oldest first.</summary>
    public async Task UploadAllAsync(CancellationToken ct)
    {
        buffer.Seal();
        foreach (var segment in buffer.Segments())
        {
            var (batch, unreadable) = DiskBuffer.Read(segment);
            if (unreadable > 0)
            {
                LogUnreadable(logger, unreadable, segment);
            }

            if (batch.Probes.Count + batch.Checks.Count > 0)
            {
                await _retry.ExecuteAsync(async token => await client.PushAsync(batch, token), ct);
            }

            File.Delete(segment);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload attempt {Attempt} failed ({Reason}); next try in {Delay}")]
    private static partial void LogRetry(ILogger logger, int attempt, TimeSpan delay, string? reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The result buffer could not be read or cleaned; trying again shortly")]
    private static partial void LogBufferFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} unreadable line(s) in {Segment} (cut short by a crash) skipped")]
    private static partial void LogUnreadable(ILogger logger, int count, string segment);
}
