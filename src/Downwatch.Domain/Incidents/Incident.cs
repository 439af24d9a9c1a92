using Downwatch.Domain.Status;

namespace Downwatch.Domain.Incidents;

public enum IncidentPhase
{
    Investigating,
    Identified,
    Monitoring,
    Resolved,
}

public sealed record IncidentUpdate(DateTimeOffset At, IncidentPhase Phase, ServiceStatus Status, string Text);

/// <summary>A period during which a service had a problem, with its timeline of updates.</summary>
public sealed record Incident(
    string Id,
    string Service,
    string Title,
    ServiceStatus WorstStatus,
    DateTimeOffset StartedAt,
    DateTimeOffset? ResolvedAt,
    IReadOnlyList<IncidentUpdate> Updates)
{
    public bool IsOpen => ResolvedAt is null;
    public IncidentPhase Phase => Updates.Count == 0 ? IncidentPhase.Investigating : Updates[^1].Phase;
}
