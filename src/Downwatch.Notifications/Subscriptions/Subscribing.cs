using Downwatch.Domain.Catalog;
using Downwatch.Storage;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Downwatch.Notifications;

/// <summary>Creating, confirming and removing subscriptions; the endpoints only map requests onto these.</summary>
public sealed class Subscribing(
    ServiceCatalog catalog,
    ISubscriptionStore subscriptions,
    IDeliveryStore deliveries,
    DeliverySender sender,
    IOptions<NotificationOptions> options,
    TimeProvider time)
{
    public static readonly string[] HookChannels = [WebhookNotifier.Name, SlackNotifier.Name, DiscordNotifier.Name];

    public bool EmailEnabled => options.Value.Smtp.IsConfigured;

    /// <summary>An error text when the service or component is unknown, else null.</summary>
    public string? CheckScope(string? service, string? component)
    {
        if (service is null)
        {
            return component is null ? null : "A component needs its service.";
        }

        var definition = catalog.FindService(service);
        if (definition is null)
        {
            return $"Unknown service '{service}'.";
        }

        return component is not null && definition.FindComponent(component) is null ? $"Service '{service}' has no component '{component}'." : null;
    }

    public static bool IsEmailAddress(string? address) =>
        address is { Length: > 2 and <= 254 } && !address.Any(char.IsWhiteSpace) && address.IndexOf('@', StringComparison.Ordinal) > 0
        && MailboxAddress.TryParse(address, out var mailbox) && mailbox.Address == address;

    public const int MaxHookUrlLength = 2048;

    /// <summary>An absolute http(s) URL with a host, at most <see cref="MaxHookUrlLength"/> characters, without credentials,
    /// spaces or control characters (CR, LF, NUL: nothing that could split a request line or a header).</summary>
    public static bool IsHookUrl(string? url) =>
        url is { Length: > 0 and <= MaxHookUrlLength } && !url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
        && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && !string.IsNullOrEmpty(uri.Host)
        && string.IsNullOrEmpty(uri.UserInfo);

    /// <summary>
    /// Queues a confirmation mail (at most one per subscription per hour). An address already confirmed for this scope
    /// gets nothing, and the answer never tells which case it was.
    /// </summary>
    public async Task SubscribeEmailAsync(string address, string? service, string? component, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var subscription = await subscriptions.FindSameAsync(EmailNotifier.Name, address, service, component, cancellationToken);
        if (subscription is null)
        {
            subscription = new Subscription(Guid.NewGuid().ToString("N"), EmailNotifier.Name, address, service, component,
                SubscriptionLinks.NewToken(), null, null, now);
            await subscriptions.AddAsync(subscription, null, cancellationToken);
        }
        else if (subscription.IsConfirmed)
        {
            return;
        }

        var hour = now.ToUnixTimeSeconds() / 3600;
        await deliveries.EnqueueAsync([new NewDelivery(subscription.Id, $"confirm:{hour}", EmailMessages.ConfirmKind, "{}")], now, cancellationToken);
        sender.Wake();
    }

    public async Task<Subscription> AddHookAsync(string channel, string url, string? service, string? component, string? secret,
        string ownerKey, CancellationToken cancellationToken)
    {
        var subscription = new Subscription(Guid.NewGuid().ToString("N"), channel, url, service, component,
            string.IsNullOrEmpty(secret) ? SubscriptionLinks.NewToken() : secret, time.GetUtcNow(), ownerKey, time.GetUtcNow());
        await subscriptions.AddAsync(subscription, null, cancellationToken);
        return subscription;
    }

    public Task<Subscription?> ConfirmAsync(string token, CancellationToken cancellationToken) =>
        subscriptions.ConfirmAsync(SubscriptionLinks.Hash(token), time.GetUtcNow(), cancellationToken);

    /// <summary>Removes an e-mail subscription when the token is its unsubscribe token.</summary>
    public async Task<bool> UnsubscribeAsync(string id, string token, CancellationToken cancellationToken)
    {
        var subscription = await subscriptions.FindAsync(id, cancellationToken);
        return subscription is not null && SubscriptionLinks.IsUnsubscribeToken(subscription, token)
            && await subscriptions.RemoveAsync(id, cancellationToken);
    }
}
