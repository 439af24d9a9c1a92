using System.Text.Json.Serialization;
using Downwatch.Domain.Status;

namespace Downwatch.Domain.Incidents;

public enum IncidentPhase
{
    Investigating,
    Identified,
    Monitoring,
    Resolved,
}

/// <param name="Author">The operator who wrote the update; null for the engine's own words.</param>
public sealed record IncidentUpdate(DateTimeOffset At, IncidentPhase Phase, ServiceStatus Status, string Text, string? Author = null);

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
    /// <summary>The components it concerns; empty for the whole service.</summary>
    public IReadOnlyList<string> Components { get; init; } = [];

    /// <summary>The operator who opened or adopted it; null while only the engine speaks. An incident led by people is
    /// resolved by people: the engine still adds what it measures to the timeline.</summary>
    public string? LedBy { get; init; }

    /// <summary>The provider's updates on the same problem (see <see cref="IncidentTimeline"/>), oldest first.</summary>
    public IReadOnlyList<ProviderUpdate> ProviderUpdates { get; init; } = [];

    /// <summary>Everything said about it, ours and the provider's, oldest first.</summary>
    [JsonIgnore]
    public IReadOnlyList<TimelineEntry> Timeline => IncidentTimeline.Of(this);

    /// <summary>Times it was stored; a write based on an older version is refused (two writers never overwrite each other).</summary>
    public int Version { get; init; }

    public bool IsOpen => ResolvedAt is null;

    /// <summary>True when people opened it (its first update is theirs), not the engine's detection.</summary>
    public bool OpenedByPeople => Updates.Count > 0 && Updates[0].Author is not null;
    public IncidentPhase Phase => Updates.Count == 0 ? IncidentPhase.Investigating : Updates[^1].Phase;
}
