using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Downwatch.Storage;

namespace Downwatch.Notifications;

/// <summary>
/// Generic webhooks: the event as JSON, signed. <c>X-Downwatch-Signature: sha256=&lt;hex&gt;</c> is the HMAC-SHA256,
/// under the subscription's secret, of <c>&lt;X-Downwatch-Timestamp&gt;.&lt;raw body&gt;</c>; <c>Idempotency-Key</c>
/// is the same on every retry of one delivery.
/// </summary>
public sealed class WebhookNotifier(HookTransport transport, TimeProvider time) : INotifier
{
    public const string Name = "webhook";
    public const string SignatureHeader = "X-Downwatch-Signature";
    public const string TimestampHeader = "X-Downwatch-Timestamp";

    public string Channel => Name;

    public Task<DeliveryResult> SendAsync(Delivery delivery, Subscription subscription, CancellationToken cancellationToken)
    {
        var body = delivery.Payload;
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Idempotency-Key", delivery.IdempotencyKey),
            new("X-Downwatch-Event", delivery.Kind),
            new("X-Downwatch-Delivery", delivery.Id.ToString(CultureInfo.InvariantCulture)),
            new(TimestampHeader, timestamp),
            new(SignatureHeader, Sign(subscription.Secret, timestamp, body)),
        };
        return transport.PostAsync(subscription.Target, body, headers, cancellationToken);
    }

    public static string Sign(string secret, string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
}
