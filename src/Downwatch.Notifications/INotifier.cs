using Downwatch.Storage;

namespace Downwatch.Notifications;

/// <summary>Sends one delivery over one channel ("webhook", "slack", "discord", "email"). One attempt, no retries.</summary>
public interface INotifier
{
    string Channel { get; }

    Task<DeliveryResult> SendAsync(Delivery delivery, Subscription subscription, CancellationToken cancellationToken);
}

/// <summary>How an attempt went. A permanent failure (the receiver said the address is wrong) is not retried.</summary>
public sealed record DeliveryResult(bool Delivered, string? Error = null, bool Permanent = false, TimeSpan? RetryAfter = null)
{
    public static readonly DeliveryResult Ok = new(true);

    public static DeliveryResult Failed(string error, bool permanent = false, TimeSpan? retryAfter = null) => new(false, error, permanent, retryAfter);
}
