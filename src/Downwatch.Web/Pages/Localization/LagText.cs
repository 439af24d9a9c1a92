using Downwatch.Domain.Incidents;

namespace Downwatch.Web.Pages.Localization;

/// <summary>"Who saw it first" in a page's language: the domain's own sentences in English, the same facts in Chinese.</summary>
internal static class LagText
{
    public static string Lag(SiteLanguage language, OfficialLag lag, bool open) =>
        language == SiteLanguage.English ? lag.Sentence(open)
        : lag.Posted is null ? language.Text(open ? "Lag.NotYet" : "Lag.Never", Duration(language, lag.Lag))
        : lag.Lag >= TimeSpan.Zero ? language.Text("Lag.Ours", Duration(language, lag.Lag), lag.Theirs!.Title)
        : language.Text("Lag.Theirs", lag.Theirs!.Title, Duration(language, -lag.Lag));

    public static string Report(SiteLanguage language, ProviderLagReport report)
    {
        if (language == SiteLanguage.English)
        {
            return report.Sentence();
        }

        var s = report.Summary;
        var summary = report.Detected.Count == 0 ? language.Text("Lag.None")
            : language.Text("Lag.Summary", s.Incidents, s.OursFirst, s.MedianLead is { } lead ? language.Text("Lag.Median", Duration(language, lead)) : "",
                s.TheirsFirst, s.Silent);
        return report.NeverSeen.Count == 0 ? summary : summary + language.Text("Lag.NeverSeen", report.NeverSeen.Count);
    }

    /// <summary>"45 秒", "2 分 15 秒", "1 小时 5 分" (English: <see cref="OfficialLag.Duration"/>).</summary>
    public static string Duration(SiteLanguage language, TimeSpan span)
    {
        if (language == SiteLanguage.English)
        {
            return OfficialLag.Duration(span);
        }

        var seconds = (long)Math.Round(span.TotalSeconds);
        return seconds < 60 ? language.Text("Duration.Seconds", seconds)
            : seconds < 3600 ? (seconds % 60 == 0 ? language.Text("Duration.Minutes", seconds / 60) : language.Text("Duration.MinutesSeconds", seconds / 60, seconds % 60))
            : language.Text("Duration.Hours", seconds / 3600, seconds % 3600 / 60);
    }
}
