using System.Text.Json;
using Downwatch.Domain.Incidents;

namespace Downwatch.Notifications;

/// <summary>
/// What a subscriber is told: a status change of a service or component, or an incident that opened, gained an
/// update or resolved. This record is the webhook body (camelCase JSON) and is stored as the delivery's payload.
/// </summary>
/// <param name="Id">Stable for the event: the same change is never queued twice for one subscription.</param>
/// <param name="Type">"status.changed", "incident.opened", "incident.updated" or "incident.resolved".</param>
public sealed record NotificationEvent(
    string Id,
    string Type,
    DateTimeOffset At,
    ServiceRef Service,
    ComponentRef? Component,
    StatusMove? Status,
    IncidentRef? Incident,
    string Headline,
    string Summary)
{
    public const string StatusChanged = "status.changed";
    public const string IncidentOpened = "incident.opened";
    public const string IncidentUpdated = "incident.updated";
    public const string IncidentResolved = "incident.resolved";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static NotificationEvent FromJson(string json) =>
        JsonSerializer.Deserialize<NotificationEvent>(json, Json) ?? throw new JsonException("Empty notification payload.");
}

public sealed record ServiceRef(string Slug, string Name, string Url);

public sealed record ComponentRef(string Slug, string Name);

/// <summary>Statuses by their vocabulary names (Operational, Degraded, PartialOutage, MajorOutage, Maintenance, Unknown).</summary>
public sealed record StatusMove(string Before, string After, string Diagnosis, string Confidence);

public sealed record IncidentRef(string Id, string Title, string Phase, string WorstStatus, DateTimeOffset StartedAt,
    DateTimeOffset? ResolvedAt, string? LatestUpdate)
{
    public static IncidentRef Of(Incident incident) => new(incident.Id, incident.Title, incident.Phase.ToString(),
        incident.WorstStatus.ToString(), incident.StartedAt, incident.ResolvedAt, incident.Updates.Count > 0 ? incident.Updates[^1].Text : null);
}
