using Downwatch.Domain.Observations;

namespace Downwatch.Domain.Incidents;

/// <summary>Where a vendor's incident or maintenance stands, in one vocabulary for every status-page platform.</summary>
public enum VendorPhase
{
    Investigating,
    Identified,
    Monitoring,
    Resolved,
    Postmortem,
    Scheduled,
    InProgress,
    Verifying,
    Completed,

    /// <summary>An update that does not say a phase (e.g. Statuspage's "Update" in its history feed).</summary>
    Update,
}

public enum VendorEventKind
{
    Incident,
    Maintenance,
}

/// <summary>One update the vendor posted, with its time and text.</summary>
public sealed record VendorUpdate(DateTimeOffset At, VendorPhase Phase, string Text);

/// <summary>
/// An incident or scheduled maintenance as the vendor's status page tells it, attached to one of our services and
/// (where the mapping knows) to our components. <see cref="Source"/> is the feed it was read from.
/// </summary>
public sealed record VendorIncident(
    string Service,
    string Id,
    VendorEventKind Kind,
    string Title,
    VendorStatus? Impact,
    VendorPhase Phase,
    DateTimeOffset StartedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? WindowStart,
    DateTimeOffset? WindowEnd,
    string? Url,
    IReadOnlyList<string> Components,
    IReadOnlyList<VendorUpdate> Updates,
    string Source)
{
    public bool IsOpen => ResolvedAt is null && !Phase.IsFinal();

    /// <summary>A maintenance the vendor says is in progress, or whose window holds <paramref name="now"/>.</summary>
    public bool IsMaintenanceUnderway(DateTimeOffset now)
    {
        if (Kind != VendorEventKind.Maintenance || Phase.IsFinal())
        {
            return false;
        }

        return Phase is VendorPhase.InProgress or VendorPhase.Verifying
            || (WindowStart is { } start && start <= now && (WindowEnd is not { } end || now < end));
    }
}

public static class VendorPhases
{
    public static bool IsFinal(this VendorPhase phase) =>
        phase is VendorPhase.Resolved or VendorPhase.Postmortem or VendorPhase.Completed;

    public static string Title(this VendorPhase phase) => phase switch
    {
        VendorPhase.InProgress => "In progress",
        _ => phase.ToString(),
    };

    /// <summary>Reads the phase words status pages use (Statuspage, incident.io, Instatus, RSS titles); null when unknown.</summary>
    public static VendorPhase? Parse(string? word)
    {
        var key = new string((word ?? "").Where(char.IsLetter).Select(char.ToLowerInvariant).ToArray());
        return key switch
        {
            "investigating" => VendorPhase.Investigating,
            "identified" => VendorPhase.Identified,
            "monitoring" => VendorPhase.Monitoring,
            "resolved" => VendorPhase.Resolved,
            "postmortem" => VendorPhase.Postmortem,
            "scheduled" or "maintenancescheduled" or "notstartedyet" or "upcoming" => VendorPhase.Scheduled,
            "inprogress" or "maintenanceinprogress" => VendorPhase.InProgress,
            "verifying" => VendorPhase.Verifying,
            "completed" or "maintenancecomplete" or "maintenancecompleted" => VendorPhase.Completed,
            "update" or "updated" => VendorPhase.Update,
            _ => null,
        };
    }
}
