using Downwatch.Domain.Baselines;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Status;

namespace Downwatch.Domain.Reports;

/// <summary>Distinct problem reporters in one rolling window against the same window in past weeks.</summary>
public sealed record ReportWindowCount(TimeSpan Window, int DistinctReporters, Baseline Baseline, double Threshold)
{
    public bool IsAboveUsual => DistinctReporters >= Threshold;
}

/// <summary>How many distinct people reported one kind of problem in the last hour.</summary>
public sealed record ReportTypeCount(string Category, string Label, int DistinctReporters);

/// <summary>One hour of the 24-hour chart: distinct reporters against the usual level for that hour of week.</summary>
public sealed record ReportHour(DateTimeOffset End, int DistinctReporters, double Usual, double Threshold);

/// <summary>"What we're seeing right now": report counts in rolling windows, top problem types and the last 24 hours.</summary>
public sealed record ReportActivity(
    IReadOnlyList<ReportWindowCount> Windows,
    IReadOnlyList<ReportTypeCount> TopProblems,
    int WorksForMeLastHour,
    IReadOnlyList<ReportHour> Hours)
{
    public static readonly IReadOnlyList<TimeSpan> RollingWindows = [TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromHours(24)];

    public ReportWindowCount LastHour => Windows.Single(w => w.Window == TimeSpan.FromHours(1));

    /// <param name="reports">Reports of one service, covering at least the baseline weeks plus a day.</param>
    public static ReportActivity Evaluate(IReadOnlyList<CommunityReport> reports, DateTimeOffset now, EngineOptions options)
    {
        var problems = reports.Where(r => ReportCategories.IsProblem(r.Category)).OrderBy(r => r.At).ToArray();
        var windows = RollingWindows.Select(w => Count(problems, now, w, options)).ToList();
        var hour = TimeSpan.FromHours(1);
        var top = Slice(problems, now, hour).ToArray()
            .GroupBy(r => r.Category, StringComparer.Ordinal)
            .Select(g => new ReportTypeCount(g.Key, ReportCategories.Label(g.Key), g.Select(r => r.Reporter).Distinct(StringComparer.Ordinal).Count()))
            .OrderByDescending(t => t.DistinctReporters).ThenBy(t => t.Category, StringComparer.Ordinal)
            .Take(3)
            .ToList();
        var works = reports.Where(r => !ReportCategories.IsProblem(r.Category) && InWindow(r, now, hour))
            .Select(r => r.Reporter).Distinct(StringComparer.Ordinal).Count();
        var hours = Enumerable.Range(0, 24).Select(i =>
        {
            var end = now - TimeSpan.FromHours(23 - i);
            var count = Count(problems, end, hour, options);
            return new ReportHour(end, count.DistinctReporters, count.Baseline.Median, count.Threshold);
        }).ToList();
        return new ReportActivity(windows, top, works, hours);
    }

    private static ReportWindowCount Count(CommunityReport[] problems, DateTimeOffset end, TimeSpan window, EngineOptions options)
    {
        var current = Distinct(problems, end, window);
        var samples = Enumerable.Range(1, options.BaselineWeeks)
            .Select(week => (double)Distinct(problems, end - TimeSpan.FromDays(7 * week), window))
            .ToArray();
        var baseline = Baseline.From(samples);
        var threshold = Math.Max(options.MinDistinctReporters, baseline.Threshold(options.ReportSpikeZ, 1));
        return new ReportWindowCount(window, current, baseline, threshold);
    }

    private static bool InWindow(CommunityReport r, DateTimeOffset end, TimeSpan window) => r.At <= end && r.At > end - window;

    /// <summary>Distinct reporters in (end - window, end] of reports sorted by time.</summary>
    private static int Distinct(CommunityReport[] sorted, DateTimeOffset end, TimeSpan window)
    {
        var slice = Slice(sorted, end, window);
        var reporters = new HashSet<string>(slice.Length, StringComparer.Ordinal);
        foreach (var r in slice)
        {
            reporters.Add(r.Reporter);
        }

        return reporters.Count;
    }

    /// <summary>The reports in (end - window, end], found by binary search in reports sorted by time.</summary>
    private static ReadOnlySpan<CommunityReport> Slice(CommunityReport[] sorted, DateTimeOffset end, TimeSpan window)
    {
        var from = FirstAfter(sorted, end - window);
        var to = FirstAfter(sorted, end);
        return sorted.AsSpan(from, to - from);
    }

    private static int FirstAfter(CommunityReport[] sorted, DateTimeOffset at)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid].At <= at)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
