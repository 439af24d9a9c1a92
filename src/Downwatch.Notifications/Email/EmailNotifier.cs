using Downwatch.Storage;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Downwatch.Notifications;

/// <summary>
/// E-mail over SMTP (MailKit). A confirmation delivery draws a fresh confirmation token at each attempt and stores
/// only its hash, so no usable token waits in the queue; the latest mailed link is the one that works.
/// </summary>
public sealed class EmailNotifier(EmailMessages messages, ISubscriptionStore subscriptions, IOptions<NotificationOptions> options) : INotifier
{
    public const string Name = "email";

    public string Channel => Name;

    public async Task<DeliveryResult> SendAsync(Delivery delivery, Subscription subscription, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        if (!smtp.IsConfigured)
        {
            return DeliveryResult.Failed("No SMTP server is configured (Notifications:Smtp:Host).");
        }

        MimeMessage message;
        if (delivery.Kind == EmailMessages.ConfirmKind)
        {
            var token = SubscriptionLinks.NewToken();
            if (!await subscriptions.SetConfirmHashAsync(subscription.Id, SubscriptionLinks.Hash(token), cancellationToken))
            {
                return DeliveryResult.Ok; // confirmed meanwhile: nothing left to ask
            }

            message = messages.Confirmation(subscription, token);
        }
        else
        {
            message = messages.Notification(subscription, NotificationEvent.FromJson(delivery.Payload));
        }

        message.MessageId = $"{delivery.IdempotencyKey}@downwatch";
        try
        {
            using var client = new SmtpClient { Timeout = (int)options.Value.AttemptTimeout.TotalMilliseconds };
            await client.ConnectAsync(smtp.Host!, smtp.Port, Security(smtp.Security), cancellationToken);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(true, cancellationToken);
            return DeliveryResult.Ok;
        }
        catch (SmtpCommandException e) when (e.ErrorCode == SmtpErrorCode.RecipientNotAccepted && (int)e.StatusCode >= 500)
        {
            return DeliveryResult.Failed($"SMTP {(int)e.StatusCode}: {e.Message}", permanent: true);
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or IOException or System.Net.Sockets.SocketException
            or AuthenticationException or SslHandshakeException)
        {
            return DeliveryResult.Failed($"SMTP: {e.Message}");
        }
    }

    public static SecureSocketOptions Security(string name) => name.ToUpperInvariant() switch
    {
        "NONE" => SecureSocketOptions.None,
        "STARTTLS" => SecureSocketOptions.StartTls,
        "SSLONCONNECT" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };
}
