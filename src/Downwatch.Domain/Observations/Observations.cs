namespace Downwatch.Domain.Observations;

/// <summary>How one probe of one endpoint went.</summary>
public enum ProbeOutcome
{
    Up,
    Degraded,
    Down,
}

/// <summary>One probe of one endpoint from one location.</summary>
public sealed record ProbeObservation(
    string Service,
    string Component,
    string Endpoint,
    string Location,
    DateTimeOffset At,
    ProbeOutcome Outcome,
    double LatencyMs,
    int? StatusCode = null,
    string? ErrorKind = null,
    ProbeDetails? Details = null);

/// <summary>A location's own control checks: while they fail, the location is offline.</summary>
public sealed record LocationCheck(string Location, DateTimeOffset At, bool Online, string? Detail = null);

/// <summary>What the vendor's own status page says, as read at <see cref="At"/>.</summary>
public sealed record OfficialStatusObservation(
    string Service,
    string? Component,
    DateTimeOffset At,
    VendorStatus Status,
    string? Title = null,
    string? SourceUrl = null);

public enum VendorStatus
{
    Operational,
    DegradedPerformance,
    PartialOutage,
    MajorOutage,
    UnderMaintenance,
}

/// <summary>One person's report that a service has a problem.</summary>
/// <param name="Reporter">A fingerprint of the client (a hash, never a raw address).</param>
/// <param name="Note">Optional short note from the reporter, plain text.</param>
/// <param name="Region">Optional region the reporter named.</param>
public sealed record CommunityReport(string Service, DateTimeOffset At, string Reporter, string Category, string? Note = null, string? Region = null);

/// <summary>Everything the status engine looks at, for any number of services.</summary>
public sealed record SignalSet(
    IReadOnlyList<ProbeObservation> Probes,
    IReadOnlyList<LocationCheck> LocationChecks,
    IReadOnlyList<OfficialStatusObservation> Official,
    IReadOnlyList<CommunityReport> Reports)
{
    public static readonly SignalSet Empty = new([], [], [], []);
}
