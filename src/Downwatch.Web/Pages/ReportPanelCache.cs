using System.Collections.Concurrent;
using Downwatch.Domain.Reports;
using Downwatch.Domain.Status;
using Downwatch.Web.Status;

namespace Downwatch.Web.Pages;

/// <summary>
/// Report statistics per service for the pages. They are recomputed whenever reports arrived since the last
/// computation, except under a flood (many new reports) where they are recomputed at most every <see cref="FloodRefresh"/>,
/// so a report flood cannot make every page view rescan tens of thousands of reports.
/// </summary>
public sealed class ReportPanelCache(ObservationWindow window, StatusEngine engine, TimeProvider time)
{
    public static readonly TimeSpan FloodRefresh = TimeSpan.FromSeconds(2);
    public const long FloodReports = 200;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public (ReportSignal Signal, ReportActivity Activity) Get(string service)
    {
        var now = time.GetUtcNow();
        var version = window.ReportsAdded;
        if (_entries.TryGetValue(service, out var cached) && (cached.Version == version
            || (version - cached.Version >= FloodReports && now - cached.At < FloodRefresh)))
        {
            return (cached.Signal, cached.Activity);
        }

        var reports = window.Reports(service);
        var entry = new Entry(now, version, ReportSignal.Evaluate(reports, now, engine.Options), ReportActivity.Evaluate(reports, now, engine.Options));
        _entries[service] = entry;
        return (entry.Signal, entry.Activity);
    }

    private sealed record Entry(DateTimeOffset At, long Version, ReportSignal Signal, ReportActivity Activity);
}
