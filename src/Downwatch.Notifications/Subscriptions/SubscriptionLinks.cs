using System.Security.Cryptography;
using System.Text;
using Downwatch.Storage;
using Downwatch.Domain.Site;
using Microsoft.Extensions.Options;

namespace Downwatch.Notifications;

/// <summary>
/// Tokens and links of e-mail subscriptions. A confirmation token is random, mailed once and stored only as its
/// SHA-256 hash. An unsubscribe token is an HMAC of the subscription id under the subscription's own secret, so
/// every mail can carry it without it being stored; it can only ever remove that one subscription.
/// </summary>
public sealed class SubscriptionLinks(IOptions<SiteOptions> site)
{
    public const string ConfirmPath = "/subscriptions/confirm";
    public const string UnsubscribePath = "/subscriptions/unsubscribe";

    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string UnsubscribeToken(Subscription subscription) =>
        Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(subscription.Secret), Encoding.UTF8.GetBytes("unsubscribe:" + subscription.Id)));

    public static bool IsUnsubscribeToken(Subscription subscription, string token) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(UnsubscribeToken(subscription)), Encoding.UTF8.GetBytes(token));

    public string Confirm(string token) => site.Value.Absolute($"{ConfirmPath}?token={Uri.EscapeDataString(token)}");

    public string Unsubscribe(Subscription subscription) =>
        site.Value.Absolute($"{UnsubscribePath}?id={subscription.Id}&token={Uri.EscapeDataString(UnsubscribeToken(subscription))}");

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
