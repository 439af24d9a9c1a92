using Downwatch.Status;
using Microsoft.Extensions.Options;

namespace Downwatch.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>
    /// Notifications: the status-change listener that queues deliveries, the background sender, one notifier per
    /// channel (webhook, Slack, Discord, e-mail), behind the outbound-request guard.
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Smtp.Port is > 0 and < 65536, "Notifications:Smtp:Port must be a TCP port (1-65535).")
            .Validate(o => o.Smtp.Security.ToUpperInvariant() is "AUTO" or "NONE" or "STARTTLS" or "SSLONCONNECT",
                "Notifications:Smtp:Security must be Auto, StartTls, SslOnConnect or None.")
            .Validate(o => MimeKit.MailboxAddress.TryParse(o.Smtp.From, out _), "Notifications:Smtp:From must be an e-mail address.")
            .Validate(o => o.OwnAddresses.All(a => System.Net.IPAddress.TryParse(a.Trim(), out _)), "Notifications:OwnAddresses must be IP addresses.")
            .ValidateOnStart();
        services.AddHttpClient(HookTransport.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectTimeout = sp.GetRequiredService<IOptions<NotificationOptions>>().Value.AttemptTimeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                MaxConnectionsPerServer = 4,
                MaxResponseHeadersLength = 16,
                MaxResponseDrainSize = 16 * 1024,
                UseCookies = false,
                ConnectCallback = (context, ct) => ReceiverAddresses.ConnectAsync(context,
                    sp.GetRequiredService<IOptions<NotificationOptions>>().Value.AllowPrivateAddresses, sp.GetRequiredService<OwnAddresses>(), ct),
            });
        services.AddSingleton<NotificationMetrics>();
        services.AddSingleton<OwnAddresses>();
        services.AddSingleton<HookTransport>();
        services.AddSingleton<SubscriptionLinks>();
        services.AddSingleton<EmailMessages>();
        services.AddSingleton<INotifier, WebhookNotifier>();
        services.AddSingleton<INotifier, SlackNotifier>();
        services.AddSingleton<INotifier, DiscordNotifier>();
        services.AddSingleton<INotifier, EmailNotifier>();
        services.AddSingleton<ChangeEvents>();
        services.AddSingleton<Subscribing>();
        services.AddSingleton<DeliverySender>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliverySender>());
        services.AddSingleton<IStatusChangeListener, NotificationListener>();
        return services;
    }
}
