using Downwatch.Domain.Observations;

namespace Downwatch.Feeds.Reading;

/// <summary>The status words status-page platforms use, read into <see cref="VendorStatus"/>; null for a word not known.</summary>
internal static class VendorWords
{
    /// <summary>Component or page status: Statuspage, incident.io, Instatus (upper case), Better Stack.</summary>
    public static VendorStatus? Status(string? word) => Key(word) switch
    {
        "operational" or "up" or "available" or "ok" => VendorStatus.Operational,
        "degradedperformance" or "degraded" or "hasissues" => VendorStatus.DegradedPerformance,
        "partialoutage" or "minoroutage" => VendorStatus.PartialOutage,
        "majoroutage" or "fulloutage" or "downtime" or "outage" or "down" => VendorStatus.MajorOutage,
        "undermaintenance" or "maintenance" => VendorStatus.UnderMaintenance,
        _ => null,
    };

    /// <summary>Statuspage's incident impact and page indicator (none / minor / major / critical / maintenance).</summary>
    public static VendorStatus? Impact(string? word) => Key(word) switch
    {
        "none" => VendorStatus.Operational,
        "minor" => VendorStatus.DegradedPerformance,
        "major" => VendorStatus.PartialOutage,
        "critical" => VendorStatus.MajorOutage,
        "maintenance" => VendorStatus.UnderMaintenance,
        var other => Status(other),
    };

    public static VendorStatus Worst(VendorStatus a, VendorStatus b) => Rank(a) >= Rank(b) ? a : b;

    public static int Rank(VendorStatus s) => s switch
    {
        VendorStatus.Operational => 0,
        VendorStatus.UnderMaintenance => 1,
        VendorStatus.DegradedPerformance => 2,
        VendorStatus.PartialOutage => 3,
        VendorStatus.MajorOutage => 4,
        _ => -1,
    };

    public static string Describe(VendorStatus s) => s switch
    {
        VendorStatus.Operational => "operational",
        VendorStatus.DegradedPerformance => "degraded performance",
        VendorStatus.PartialOutage => "partial outage",
        VendorStatus.MajorOutage => "major outage",
        VendorStatus.UnderMaintenance => "under maintenance",
        _ => s.ToString(),
    };

    private static string Key(string? word) =>
        new((word ?? "").Where(char.IsLetter).Select(char.ToLowerInvariant).ToArray());
}
