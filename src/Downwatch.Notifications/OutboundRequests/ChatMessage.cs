namespace Downwatch.Notifications;

/// <summary>The words and colour of a chat notification (Slack, Discord), taken from an event.</summary>
public sealed record ChatMessage(string Title, string Text, string Url, int Color, DateTimeOffset At)
{
    public const int Green = 0x2EA043;
    public const int Yellow = 0xD29922;
    public const int Orange = 0xDB6D28;
    public const int Red = 0xCF222E;
    public const int Grey = 0x8C959F;

    public static ChatMessage Of(NotificationEvent e) => new(e.Headline, e.Summary, e.Service.Url, ColorOf(e), e.At);

    private static int ColorOf(NotificationEvent e)
    {
        if (e.Incident is { } incident)
        {
            return incident.ResolvedAt is null ? Red : Green;
        }

        return e.Status?.After switch
        {
            "Operational" => Green,
            "Degraded" or "Maintenance" => Yellow,
            "PartialOutage" => Orange,
            "MajorOutage" => Red,
            _ => Grey,
        };
    }
}
