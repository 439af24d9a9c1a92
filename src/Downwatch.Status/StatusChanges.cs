using Downwatch.Domain.Incidents;
using Downwatch.Domain.Status;

namespace Downwatch.Status;

/// <summary>A service or one of its components moved from one status to another in an assessment round.</summary>
/// <param name="Component">Null for the service-level status.</param>
public sealed record StatusChange(
    string Service,
    string? Component,
    ServiceStatus Before,
    ServiceStatus After,
    Diagnosis Diagnosis,
    Confidence Confidence,
    DateTimeOffset At,
    string Summary);

/// <summary>What one assessment round changed: statuses that moved and incidents that opened, gained an update or resolved.</summary>
public sealed record RoundChanges(DateTimeOffset At, IReadOnlyList<StatusChange> Statuses, IReadOnlyList<Incident> Incidents)
{
    public bool IsEmpty => Statuses.Count == 0 && Incidents.Count == 0;
}

/// <summary>
/// Told after every round that changed something (pages' caches, live streams, notifications). Called in order of
/// registration on the status loop; a listener should hand slow work elsewhere and must not throw for routine failures.
/// </summary>
public interface IStatusChangeListener
{
    /// <summary>True for a listener whose work must happen once for the whole site (queueing notifications): only the
    /// leader tells it. Others (caches, live streams) are told on every node.</summary>
    bool LeaderOnly => false;

    ValueTask OnChangesAsync(RoundChanges changes, CancellationToken cancellationToken);
}

/// <summary>Compares two rounds of assessments.</summary>
public static class StatusDiff
{
    public static IReadOnlyList<StatusChange> Between(Func<string, ServiceAssessment?> before, IReadOnlyList<ServiceAssessment> after)
    {
        var changes = new List<StatusChange>();
        foreach (var now in after)
        {
            var was = before(now.Service);
            if (was is null)
            {
                continue;
            }

            if (was.Status != now.Status)
            {
                changes.Add(Change(now.Service, null, was, now));
            }

            foreach (var component in now.Components)
            {
                if (was.FindComponent(component.Component) is { } old && old.Status != component.Status)
                {
                    changes.Add(Change(now.Service, component.Component, old, component));
                }
            }
        }

        return changes;
    }

    private static StatusChange Change(string service, string? component, Assessment before, Assessment after) =>
        new(service, component, before.Status, after.Status, after.Diagnosis, after.Confidence, after.EvaluatedAt,
            after.Evidence.Count > 0 ? after.Evidence[0].Text : after.Status.Title());
}
