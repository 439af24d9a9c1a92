using Downwatch.Storage;
using Downwatch.Status;

namespace Downwatch.Notifications;

/// <summary>
/// Told after each round that changed something: queues one delivery per matching confirmed subscription and event
/// in SQLite (so it survives a restart) and wakes the sender. Sending happens on the sender, never on the status loop.
/// </summary>
public sealed partial class NotificationListener(
    ChangeEvents events,
    ISubscriptionStore subscriptions,
    IDeliveryStore deliveries,
    DeliverySender sender,
    TimeProvider time,
    ILogger<NotificationListener> logger) : IStatusChangeListener
{
    /// <summary>Deliveries are queued once for the whole site, by the leader.</summary>
    public bool LeaderOnly => true;

    public async ValueTask OnChangesAsync(RoundChanges changes, CancellationToken cancellationToken)
    {
        try
        {
            var queued = new List<NewDelivery>();
            foreach (var group in events.From(changes).GroupBy(e => e.Service.Slug, StringComparer.Ordinal))
            {
                var interested = await subscriptions.ConfirmedForAsync(group.Key, cancellationToken);
                foreach (var e in group)
                {
                    queued.AddRange(interested.Where(s => SubscriptionMatch.Wants(s, e)).Select(s => new NewDelivery(s.Id, e.Id, e.Type, e.ToJson())));
                }
            }

            if (await deliveries.EnqueueAsync(queued, time.GetUtcNow(), cancellationToken) > 0)
            {
                sender.Wake();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogQueueingFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Queueing notifications for a round failed; these changes are not notified")]
    private static partial void LogQueueingFailed(ILogger logger, Exception exception);
}
