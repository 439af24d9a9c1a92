using Downwatch.Domain.Catalog;
using Downwatch.Storage;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Downwatch.Notifications;

/// <summary>The two mails Downwatch sends: "confirm your subscription" and a notification with its unsubscribe link.</summary>
public sealed class EmailMessages(SubscriptionLinks links, ServiceCatalog catalog, IOptions<NotificationOptions> options)
{
    public const string ConfirmKind = "email.confirm";

    public MimeMessage Confirmation(Subscription subscription, string token)
    {
        var message = New(subscription, $"Confirm your Downwatch subscription: {Scope(subscription)}");
        message.Body = new TextPart("plain")
        {
            Text = $"""
                Someone, hopefully you, asked Downwatch to e-mail this address when the status of {Scope(subscription)} changes.

                To confirm, open this link:
                {links.Confirm(token)}

                If it was not you, ignore this mail: nothing more will be sent.
                """,
        };
        return message;
    }

    public MimeMessage Notification(Subscription subscription, NotificationEvent e)
    {
        var unsubscribe = links.Unsubscribe(subscription);
        var message = New(subscription, $"[Downwatch] {e.Headline}");
        message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new TextPart("plain")
        {
            Text = $"""
                {e.Headline}

                {e.Summary}

                {e.At:yyyy-MM-dd HH:mm} UTC · {e.Service.Url}

                --
                You get this because you subscribed to {Scope(subscription)} on Downwatch.
                Unsubscribe with one click: {unsubscribe}
                """,
        };
        return message;
    }

    private MimeMessage New(Subscription subscription, string subject)
    {
        var message = new MimeMessage { Subject = subject };
        message.From.Add(MailboxAddress.Parse(options.Value.Smtp.From));
        message.To.Add(MailboxAddress.Parse(subscription.Target));
        return message;
    }

    private string Scope(Subscription subscription)
    {
        if (subscription.Service is not { } slug)
        {
            return "every service";
        }

        var service = catalog.FindService(slug);
        var name = service?.Name ?? slug;
        return subscription.Component is { } component ? $"{name} {service?.FindComponent(component)?.Name ?? component}" : name;
    }
}
