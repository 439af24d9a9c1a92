using Downwatch.Domain.Catalog;
using Downwatch.Domain.Incidents;
using Downwatch.Domain.Status;
using Downwatch.Domain.Site;
using Downwatch.Status;
using Microsoft.Extensions.Options;

namespace Downwatch.Notifications;

/// <summary>Turns what an assessment round changed into notification events, with names and links from the catalog.</summary>
public sealed class ChangeEvents(ServiceCatalog catalog, IOptions<SiteOptions> site)
{
    public IReadOnlyList<NotificationEvent> From(RoundChanges changes)
    {
        var events = new List<NotificationEvent>();
        events.AddRange(changes.Statuses.Select(Status));
        events.AddRange(changes.Incidents.Select(Incident));
        return events;
    }

    public NotificationEvent Status(StatusChange change)
    {
        var service = Service(change.Service);
        var component = change.Component is { } slug
            ? new ComponentRef(slug, catalog.FindService(change.Service)?.FindComponent(slug)?.Name ?? slug)
            : null;
        var subject = component is null ? service.Name : $"{service.Name} {component.Name}";
        var id = $"status:{change.Service}:{change.Component ?? "-"}:{change.At.ToUnixTimeMilliseconds()}:{change.After}";
        return new NotificationEvent(id, NotificationEvent.StatusChanged, change.At, service, component,
            new StatusMove(change.Before.ToString(), change.After.ToString(), change.Diagnosis.ToString(), change.Confidence.ToString()),
            null, $"{subject}: {change.Before.Title()} → {change.After.Title()}", change.Summary);
    }

    public NotificationEvent Incident(Incident incident)
    {
        var type = !incident.IsOpen ? NotificationEvent.IncidentResolved
            : incident.Updates.Count <= 1 ? NotificationEvent.IncidentOpened
            : NotificationEvent.IncidentUpdated;
        var latest = incident.Updates.Count > 0 ? incident.Updates[^1] : null;
        var at = incident.ResolvedAt ?? latest?.At ?? incident.StartedAt;
        // The id counts our own updates only: the provider's posts joining the timeline (IncidentTimeline) make the same id
        // again, which the queue stores once, so the thread stays one message on opening, one per change, one on resolving.
        var id = $"incident:{incident.Id}:{incident.Updates.Count}:{(incident.IsOpen ? "open" : "resolved")}";
        var word = type switch
        {
            NotificationEvent.IncidentResolved => "Resolved",
            NotificationEvent.IncidentOpened => "New incident",
            _ => $"Update ({incident.Phase})",
        };
        return new NotificationEvent(id, type, at, Service(incident.Service), null, null, IncidentRef.Of(incident),
            $"{word}: {incident.Title}", latest?.Text ?? incident.Title);
    }

    private ServiceRef Service(string slug) =>
        new(slug, catalog.FindService(slug)?.Name ?? slug, site.Value.Absolute($"/status/{slug}"));
}
