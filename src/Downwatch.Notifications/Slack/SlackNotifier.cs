using System.Text.Json;
using Downwatch.Storage;

namespace Downwatch.Notifications;

/// <summary>Slack incoming webhooks: <c>text</c> (the fallback) and a section block in mrkdwn.</summary>
public sealed class SlackNotifier(HookTransport transport) : INotifier
{
    public const string Name = "slack";

    public string Channel => Name;

    public Task<DeliveryResult> SendAsync(Delivery delivery, Subscription subscription, CancellationToken cancellationToken)
    {
        var body = Body(NotificationEvent.FromJson(delivery.Payload));
        return transport.PostAsync(subscription.Target, body, [new("Idempotency-Key", delivery.IdempotencyKey)], cancellationToken);
    }

    public static string Body(NotificationEvent e)
    {
        var message = ChatMessage.Of(e);
        var section = $"*<{message.Url}|{Escape(message.Title)}>*\n{Escape(message.Text)}";
        return JsonSerializer.Serialize(new
        {
            text = Escape(message.Title),
            blocks = new object[]
            {
                new { type = "section", text = new { type = "mrkdwn", text = section } },
                new { type = "context", elements = new[] { new { type = "mrkdwn", text = $"Downwatch · {message.At:yyyy-MM-dd HH:mm} UTC" } } },
            },
        });
    }

    /// <summary>Slack's three control characters; anything else in a status text is shown as written.</summary>
    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
