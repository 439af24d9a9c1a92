using System.Globalization;
using Downwatch.Domain.Status;

namespace Downwatch.Web.Pages;

/// <summary>How times, statuses and diagnoses read on a page.</summary>
internal static class Formatting
{
    public static string Utc(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static string Ago(DateTimeOffset at, DateTimeOffset now) => Localization.SiteLanguage.English.Ago(at, now);

    /// <summary>When our newest probe result behind <paramref name="a"/> was taken (a stale one included); null when none.</summary>
    public static DateTimeOffset? LastProbed(Assessment a) =>
        a.Evidence.Where(e => e.Source is EvidenceSource.Probes or EvidenceSource.Freshness && e.At is not null).Select(e => e.At).Max();

    /// <summary>When the provider's status page last said what the evidence quotes; null when it says nothing.</summary>
    public static DateTimeOffset? LastOfficial(Assessment a) =>
        a.Evidence.Where(e => e.Source == EvidenceSource.Official && e.At is not null).Select(e => e.At).Max();

    /// <summary>True at a first start and when the probes' results have aged out of the window alike.</summary>
    public static string NoProbeResult => Localization.SiteLanguage.English.Text("NoProbeResult");

    public static string Percent(double share) => share.ToString("0.00%", CultureInfo.InvariantCulture);

    /// <summary>A threshold that is a whole percentage, as "20 %" (others keep their decimals).</summary>
    public static string RoundPercent(double share) => Percent(share).Replace(".00%", " %", StringComparison.Ordinal);

    public static string DiagnosisSentence(Assessment a, string name) => Localization.SiteLanguage.English.DiagnosisSentence(a, name);

    public static string ConfidenceText(Confidence c) => Localization.SiteLanguage.English.ConfidenceText(c);

    public static string SourceText(EvidenceSource s) => Localization.SiteLanguage.English.SourceText(s);
}
