using System.Diagnostics.Metrics;

namespace Downwatch.Notifications;

/// <summary>Notification metrics on the Downwatch meter: deliveries sent, failed (to be retried) and dead-lettered, by channel; queue depth.</summary>
public sealed class NotificationMetrics : IDisposable
{
    /// <summary>The meter every Downwatch metric is on (the web host exports it).</summary>
    public const string MeterName = "Downwatch";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _dead;
    private long _queueDepth;

    public NotificationMetrics()
    {
        _sent = _meter.CreateCounter<long>("downwatch_notifications_sent", description: "Notification deliveries the receiver accepted");
        _failed = _meter.CreateCounter<long>("downwatch_notifications_failed", description: "Failed delivery attempts that will be retried");
        _dead = _meter.CreateCounter<long>("downwatch_notifications_dead_lettered", description: "Deliveries given up on and kept as dead letters");
        _meter.CreateObservableGauge("downwatch_notification_queue_depth", () => Interlocked.Read(ref _queueDepth),
            description: "Deliveries waiting to be sent (due now or waiting for a retry)");
    }

    public void Sent(string channel) => _sent.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public void Failed(string channel) => _failed.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public void DeadLettered(string channel) => _dead.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public void QueueDepth(long pending) => Interlocked.Exchange(ref _queueDepth, pending);

    public void Dispose() => _meter.Dispose();
}
