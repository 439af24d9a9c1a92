using Downwatch.Storage;

namespace Downwatch.Notifications;

/// <summary>
/// Which events a subscription receives. One to a service (or to every service) hears about the service's own status
/// and its incidents; one to a component hears about that component's status and about its service's incidents.
/// </summary>
public static class SubscriptionMatch
{
    public static bool Wants(Subscription subscription, NotificationEvent e)
    {
        if (subscription.Service is { } service && service != e.Service.Slug)
        {
            return false;
        }

        if (e.Incident is not null)
        {
            return true;
        }

        return subscription.Component is { } component ? e.Component?.Slug == component : e.Component is null;
    }
}
