using System.Globalization;
using Downwatch.Domain.Baselines;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Status;

namespace Downwatch.Domain.Reports;

/// <summary>Community reports for one service in the current window, against the usual level for that hour of week.</summary>
public sealed record ReportSignal(int DistinctReporters, Baseline Baseline, double Threshold, bool IsSpike, DateTimeOffset? Latest)
{
    public static ReportSignal Evaluate(IReadOnlyList<CommunityReport> reports, DateTimeOffset now, EngineOptions options)
    {
        reports = reports.Where(r => ReportCategories.IsProblem(r.Category)).ToList();
        var current = CountDistinct(reports, now, options.ReportWindow);
        var samples = Enumerable.Range(1, options.BaselineWeeks)
            .Select(week => (double)CountDistinct(reports, now - TimeSpan.FromDays(7 * week), options.ReportWindow))
            .ToArray();
        var baseline = Baseline.From(samples);
        var threshold = Math.Max(options.MinDistinctReporters, baseline.Threshold(options.ReportSpikeZ, 1));
        var latest = reports.Where(r => r.At <= now && r.At > now - options.ReportWindow).Select(r => (DateTimeOffset?)r.At).Max();
        return new ReportSignal(current, baseline, threshold, current >= threshold, latest);
    }

    public Evidence ToEvidence(EngineOptions options)
    {
        var minutes = options.ReportWindow.TotalMinutes.ToString(CultureInfo.InvariantCulture);
        var usual = Baseline.Median.ToString("0.#", CultureInfo.InvariantCulture);
        if (IsSpike)
        {
            return new Evidence(EvidenceSource.Reports,
                $"Users report problems: {DistinctReporters} people in the last {minutes} minutes, usually about {usual} at this hour.",
                Latest, ServiceStatus.Degraded);
        }

        var text = DistinctReporters == 0
            ? $"No problem reports in the last {minutes} minutes."
            : $"{Counting.Of(DistinctReporters, "problem report")} in the last {minutes} minutes, within the usual level (about {usual}) for this hour.";
        return new Evidence(EvidenceSource.Reports, text, Latest, ServiceStatus.Unknown);
    }

    private static int CountDistinct(IReadOnlyList<CommunityReport> reports, DateTimeOffset end, TimeSpan window) =>
        reports.Where(r => r.At <= end && r.At > end - window).Select(r => r.Reporter).Distinct(StringComparer.Ordinal).Count();
}
