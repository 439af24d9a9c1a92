using Downwatch.Notifications;
namespace Downwatch.Web.Subscriptions;

internal static class SubscriptionsEndpointRouteBuilderExtensions
{
    /// <summary>The subscriptions API (e-mail, webhook, Slack, Discord) and the confirm/unsubscribe links mailed to people.</summary>
    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapSubscriptionEndpoints();
        app.MapSubscriptionLinkEndpoints();
        return app;
    }
}
