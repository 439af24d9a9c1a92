using Downwatch.Domain.Status;

namespace Downwatch.Domain.Operators;

/// <summary>A component's status set by an operator, with the reason shown beside the evidence, until it expires.</summary>
/// <param name="Id">Stable id (for clearing it early).</param>
public sealed record StatusOverride(string Id, string Service, string Component, ServiceStatus Status, string Reason,
    string SetBy, DateTimeOffset SetAt, DateTimeOffset ExpiresAt)
{
    public bool IsActive(DateTimeOffset now) => SetAt <= now && now < ExpiresAt;
}

/// <summary>A scheduled maintenance window of some of a service's components; announced ahead, shown while it runs.</summary>
public sealed record MaintenanceWindow(string Id, string Service, IReadOnlyList<string> Components, DateTimeOffset StartsAt,
    DateTimeOffset EndsAt, string Text, string CreatedBy)
{
    public bool IsActive(DateTimeOffset now) => StartsAt <= now && now < EndsAt;

    public bool Covers(string component) => Components.Count == 0 || Components.Contains(component, StringComparer.Ordinal);
}

/// <summary>Probes of one component set aside for a while (a flapping endpoint): its results do not count, and the
/// page says so.</summary>
public sealed record ProbeSilence(string Id, string Service, string Component, string Reason, string SetBy,
    DateTimeOffset SetAt, DateTimeOffset Until)
{
    public bool IsActive(DateTimeOffset now) => SetAt <= now && now < Until;
}

/// <summary>Everything operators have said that a status round must hear.</summary>
public sealed record OperatorStatements(IReadOnlyList<StatusOverride> Overrides, IReadOnlyList<MaintenanceWindow> Maintenance,
    IReadOnlyList<ProbeSilence> Silences)
{
    public static readonly OperatorStatements None = new([], [], []);

    public bool IsEmpty => Overrides.Count == 0 && Maintenance.Count == 0 && Silences.Count == 0;
}
