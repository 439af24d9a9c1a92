using System.Collections.Concurrent;
using System.Threading.Channels;
using Downwatch.Storage;
using Microsoft.Extensions.Options;

namespace Downwatch.Notifications;

/// <summary>
/// Drains the persisted delivery queue. Each due delivery is one attempt in its own slot (at most
/// <see cref="NotificationOptions.MaxConcurrency"/>, each bounded by the attempt timeout, at most one per
/// subscription at a time), so a slow receiver holds one slot and never the queue. A failure is rescheduled with a doubling delay; after the last attempt it stays stored
/// as a dead letter. An attempt cut by shutdown is not counted and runs again after the restart.
/// </summary>
public sealed partial class DeliverySender(
    IDeliveryStore deliveries,
    ISubscriptionStore subscriptions,
    IEnumerable<INotifier> notifiers,
    NotificationMetrics metrics,
    IOptions<NotificationOptions> options,
    Storage.Cluster.ILeadership leadership,
    TimeProvider time,
    ILogger<DeliverySender> logger) : BackgroundService
{
    private readonly Dictionary<string, INotifier> _notifiers = notifiers.ToDictionary(n => n.Channel, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal); // by subscription
    private readonly ConcurrentDictionary<string, string> _ownerOf = new(StringComparer.Ordinal); // in-flight subscription → owner
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private long _queueLooks;

    /// <summary>How many times the sender has looked at the queue (as leader): lets a test await "it looked and found nothing".</summary>
    public long QueueLooks => Interlocked.Read(ref _queueLooks);

    /// <summary>Looks at the queue now (new deliveries were queued, or a slot came free).</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return; // deliveries wait in the queue for a process that sends
        }

        var pruneAt = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!leadership.IsLeader)
                {
                    // Only the leading node sends; a delivery it had not finished is still pending and is sent by the next.
                    await WaitAsync(settings.PollInterval, stoppingToken);
                    continue;
                }

                if (time.GetUtcNow() >= pruneAt)
                {
                    var now = time.GetUtcNow();
                    await deliveries.PruneAsync(now - settings.KeepSent, now - settings.KeepDeadLetters, stoppingToken);
                    pruneAt = now + TimeSpan.FromHours(1);
                }

                var free = settings.MaxConcurrency - _inFlight.Count;
                var passedOver = false;
                if (free > 0)
                {
                    // Fair shares: candidates come in turns across owners; an owner at its share is passed over.
                    var load = _ownerOf.Values.GroupBy(o => o, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
                    var candidates = await deliveries.DueAsync(time.GetUtcNow(), Math.Min(free * 4, 256), [.. _inFlight.Keys], stoppingToken);
                    foreach (var delivery in candidates)
                    {
                        if (free == 0)
                        {
                            break;
                        }

                        if (load.GetValueOrDefault(delivery.Owner) >= settings.MaxConcurrencyPerOwner)
                        {
                            passedOver = true;
                            continue;
                        }

                        load[delivery.Owner] = load.GetValueOrDefault(delivery.Owner) + 1;
                        free--;
                        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                        _ownerOf[delivery.SubscriptionId] = delivery.Owner;
                        _inFlight[delivery.SubscriptionId] = AttemptAsync(gate.Task, delivery, stoppingToken);
                        gate.SetResult();
                    }
                }

                metrics.QueueDepth(await deliveries.PendingCountAsync(stoppingToken));
                Interlocked.Increment(ref _queueLooks);
                // Due deliveries passed over wait for a slot of their owner to come free (its end wakes the loop).
                await WaitAsync(passedOver ? settings.PollInterval : await DelayAsync(settings, stoppingToken), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogQueueFailed(logger, e);
                await WaitAsync(settings.PollInterval, stoppingToken);
            }
        }

        await Task.WhenAll(_inFlight.Values);
    }

    /// <summary>Until the next delivery falls due, at most one poll interval; only a wake-up while every slot is busy.</summary>
    private async Task<TimeSpan> DelayAsync(NotificationOptions settings, CancellationToken cancellationToken)
    {
        if (_inFlight.Count >= settings.MaxConcurrency)
        {
            return settings.PollInterval;
        }

        var next = await deliveries.NextDueAsync([.. _inFlight.Keys], cancellationToken);
        if (next is null)
        {
            return settings.PollInterval;
        }

        var wait = next.Value - time.GetUtcNow();
        return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait < settings.PollInterval ? wait : settings.PollInterval;
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delayTask = Task.Delay(delay, time, linked.Token);
        var woken = _wake.Reader.WaitToReadAsync(linked.Token).AsTask();
        await Task.WhenAny(delayTask, woken);
        await linked.CancelAsync();
        _wake.Reader.TryRead(out _);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task AttemptAsync(Task gate, Delivery delivery, CancellationToken stoppingToken)
    {
        await gate; // registered as in flight before it can finish and remove itself
        try
        {
            await AttemptOnceAsync(delivery, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: the delivery stays pending with its attempt uncounted.
        }
        catch (Exception e)
        {
            LogAttemptFailed(logger, delivery.Id, e);
        }
        finally
        {
            _inFlight.TryRemove(delivery.SubscriptionId, out _);
            _ownerOf.TryRemove(delivery.SubscriptionId, out _);
            Wake();
        }
    }

    private async Task AttemptOnceAsync(Delivery delivery, CancellationToken stoppingToken)
    {
        var subscription = await subscriptions.FindAsync(delivery.SubscriptionId, stoppingToken);
        if (subscription is null || (!subscription.IsConfirmed && delivery.Kind != EmailMessages.ConfirmKind))
        {
            await deliveries.DropAsync(delivery.Id, stoppingToken);
            return;
        }

        var channel = subscription.Channel;
        DeliveryResult result;
        if (!_notifiers.TryGetValue(channel, out var notifier))
        {
            result = DeliveryResult.Failed($"No notifier for channel '{channel}'.", permanent: true);
        }
        else
        {
            using var timeout = new CancellationTokenSource(options.Value.AttemptTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
            try
            {
                result = await notifier.SendAsync(delivery, subscription, linked.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                result = DeliveryResult.Failed($"No answer within {options.Value.AttemptTimeout.TotalSeconds:0} s.");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                result = DeliveryResult.Failed(e is HttpRequestException ? e.Message : $"{e.GetType().Name}: {e.Message}");
            }
        }

        await RecordAsync(delivery, channel, result, stoppingToken);
    }

    private async Task RecordAsync(Delivery delivery, string channel, DeliveryResult result, CancellationToken cancellationToken)
    {
        var attempts = delivery.Attempts + 1;
        var now = time.GetUtcNow();
        if (result.Delivered)
        {
            await deliveries.MarkSentAsync(delivery.Id, attempts, now, cancellationToken);
            metrics.Sent(channel);
            return;
        }

        var error = result.Error ?? "failed";
        if (result.Permanent || attempts >= options.Value.MaxAttempts)
        {
            await deliveries.MarkDeadAsync(delivery.Id, attempts, now, error, cancellationToken);
            metrics.DeadLettered(channel);
            LogDeadLetter(logger, delivery.Id, channel, attempts, error);
            return;
        }

        var delay = RetryDelay(attempts, options.Value);
        if (result.RetryAfter is { } asked && asked > delay)
        {
            delay = asked < options.Value.MaxRetryDelay ? asked : options.Value.MaxRetryDelay;
        }

        await deliveries.MarkRetryAsync(delivery.Id, attempts, now + delay, error, cancellationToken);
        metrics.Failed(channel);
    }

    /// <summary>The first retry delay doubled per further failed attempt, up to the maximum.</summary>
    public static TimeSpan RetryDelay(int failedAttempts, NotificationOptions options)
    {
        var factor = Math.Pow(2, Math.Min(failedAttempts - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(options.FirstRetryDelay.Ticks * factor, options.MaxRetryDelay.Ticks));
        return delay;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading the notification queue failed; trying again later")]
    private static partial void LogQueueFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notification delivery {Delivery} failed unexpectedly; it stays queued")]
    private static partial void LogAttemptFailed(ILogger logger, long delivery, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification delivery {Delivery} ({Channel}) dead-lettered after {Attempts} attempts: {Error}")]
    private static partial void LogDeadLetter(ILogger logger, long delivery, string channel, int attempts, string error);
}
