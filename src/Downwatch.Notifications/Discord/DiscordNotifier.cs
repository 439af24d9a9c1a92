using System.Text.Json;
using Downwatch.Storage;

namespace Downwatch.Notifications;

/// <summary>Discord incoming webhooks: one embed (title, link, description, colour, time); mentions are never parsed.</summary>
public sealed class DiscordNotifier(HookTransport transport) : INotifier
{
    public const string Name = "discord";

    public string Channel => Name;

    public Task<DeliveryResult> SendAsync(Delivery delivery, Subscription subscription, CancellationToken cancellationToken)
    {
        var body = Body(NotificationEvent.FromJson(delivery.Payload));
        return transport.PostAsync(subscription.Target, body, [new("Idempotency-Key", delivery.IdempotencyKey)], cancellationToken);
    }

    public static string Body(NotificationEvent e)
    {
        var message = ChatMessage.Of(e);
        return JsonSerializer.Serialize(new
        {
            username = "Downwatch",
            allowed_mentions = new { parse = Array.Empty<string>() },
            embeds = new[]
            {
                new
                {
                    title = Clip(message.Title, 256),
                    url = message.Url,
                    description = Clip(message.Text, 4096),
                    color = message.Color,
                    timestamp = message.At.ToString("O"),
                },
            },
        });
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
