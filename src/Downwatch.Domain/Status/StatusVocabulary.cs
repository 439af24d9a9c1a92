namespace Downwatch.Domain.Status;

public enum ServiceStatus
{
    Unknown,
    Operational,
    Maintenance,
    Degraded,
    PartialOutage,
    MajorOutage,
}

public enum Diagnosis
{
    Inconclusive,
    LocalIssue,
    PartialIncident,
    GlobalOutage,
}

public enum Confidence
{
    Low,
    Medium,
    High,
}

public static class StatusVocabulary
{
    /// <summary>How bad a status is: Unknown is below everything because it claims nothing.</summary>
    public static int Severity(this ServiceStatus status) => status switch
    {
        ServiceStatus.Unknown => -1,
        ServiceStatus.Operational => 0,
        ServiceStatus.Maintenance => 1,
        ServiceStatus.Degraded => 2,
        ServiceStatus.PartialOutage => 3,
        ServiceStatus.MajorOutage => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static ServiceStatus Worst(ServiceStatus a, ServiceStatus b) => a.Severity() >= b.Severity() ? a : b;

    public static string Title(this ServiceStatus status) => status switch
    {
        ServiceStatus.Unknown => "Unknown",
        ServiceStatus.Operational => "Operational",
        ServiceStatus.Maintenance => "Maintenance",
        ServiceStatus.Degraded => "Degraded",
        ServiceStatus.PartialOutage => "Partial outage",
        ServiceStatus.MajorOutage => "Major outage",
        _ => status.ToString(),
    };

    /// <summary>Stable lower-case token used in CSS classes, JSON and storage.</summary>
    public static string Token(this ServiceStatus status) => status switch
    {
        ServiceStatus.PartialOutage => "partial-outage",
        ServiceStatus.MajorOutage => "major-outage",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static string Title(this Diagnosis diagnosis) => diagnosis switch
    {
        Diagnosis.GlobalOutage => "Global outage",
        Diagnosis.PartialIncident => "Partial incident",
        Diagnosis.LocalIssue => "Likely on your side",
        Diagnosis.Inconclusive => "Inconclusive",
        _ => diagnosis.ToString(),
    };
}
