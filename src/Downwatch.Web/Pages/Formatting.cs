using System.Globalization;
using Downwatch.Domain.Status;

namespace Downwatch.Web.Pages;

/// <summary>How times, statuses and diagnoses read on a page.</summary>
public static class Formatting
{
    public static string Utc(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static string Ago(DateTimeOffset at, DateTimeOffset now)
    {
        var span = now - at;
        return span.TotalSeconds < 60 ? "just now"
            : span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes} min ago"
            : span.TotalHours < 48 ? $"{(int)span.TotalHours} h ago"
            : $"{(int)span.TotalDays} days ago";
    }

    /// <summary>When our newest probe result behind <paramref name="a"/> was taken (a stale one included); null when none.</summary>
    public static DateTimeOffset? LastProbed(Assessment a) =>
        a.Evidence.Where(e => e.Source is EvidenceSource.Probes or EvidenceSource.Freshness && e.At is not null).Select(e => e.At).Max();

    /// <summary>When the provider's status page last said what the evidence quotes; null when it says nothing.</summary>
    public static DateTimeOffset? LastOfficial(Assessment a) =>
        a.Evidence.Where(e => e.Source == EvidenceSource.Official && e.At is not null).Select(e => e.At).Max();

    /// <summary>"probed 3 min ago": how old our own newest probe result is — not the status page's or a report's,
    /// which would call a service "checked just now" whose probes are stale.</summary>
    public static string Probed(Assessment a, DateTimeOffset now) =>
        LastProbed(a) is { } at ? $"probed {Ago(at, now)}" : NoProbeResult;

    /// <summary>True at a first start and when the probes' results have aged out of the window alike.</summary>
    public const string NoProbeResult = "no recent probe result";

    public static string Percent(double share) => share.ToString("0.00%", CultureInfo.InvariantCulture);

    public static string DiagnosisSentence(Assessment a, string name) => (a.Status, a.Diagnosis) switch
    {
        (ServiceStatus.Unknown, _) => $"{name} has no fresh signal from our probes or its status page, so there is no evidence either way.",
        (_, Diagnosis.GlobalOutage) => $"{name} is down for everyone: it is not you.",
        (_, Diagnosis.PartialIncident) when a.Status == ServiceStatus.Maintenance => $"{name} is in scheduled maintenance.",
        (_, Diagnosis.PartialIncident) => $"Part of {name} has a problem: some surfaces or regions are affected.",
        (_, Diagnosis.LocalIssue) => $"{name} is up for us. If it fails for you, the problem is most likely on your side (key, network, quota).",
        _ => $"The signals about {name} are mixed: see the evidence below.",
    };

    public static string ConfidenceText(Confidence c) => c switch
    {
        Confidence.High => "high confidence: two independent sources agree",
        Confidence.Medium => "medium confidence: one strong source",
        _ => "low confidence",
    };

    public static string SourceText(EvidenceSource s) => s switch
    {
        EvidenceSource.Probes => "Our probes",
        EvidenceSource.Official => "Provider status page",
        EvidenceSource.Reports => "User reports",
        _ => "Freshness",
    };
}
