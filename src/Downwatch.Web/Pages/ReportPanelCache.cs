using System.Collections.Concurrent;
using Downwatch.Domain.Reports;
using Downwatch.Domain.Status;
using Downwatch.Status;

namespace Downwatch.Web.Pages;

/// <summary>
/// Report statistics per service for the pages. While a service has few reports they are recomputed as soon as any
/// report arrives; once it holds many (a flood), at most every <see cref="BusyRefresh"/> and by one request at a time
/// (the others get the previous figures), so a report flood cannot make every page view rescan all its reports.
/// </summary>
internal sealed class ReportPanelCache(ObservationWindow window, StatusEngine engine, TimeProvider time)
{
    public static readonly TimeSpan BusyRefresh = TimeSpan.FromSeconds(2);

    /// <summary>Reports held for a service above which its statistics count as expensive to recompute.</summary>
    public const int BusyReports = 2_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, object> _locks = new(StringComparer.Ordinal);

    public (ReportSignal Signal, ReportActivity Activity) Get(string service)
    {
        var entry = Current(service);
        return (entry.Signal, entry.Activity);
    }

    /// <summary>The statistics with the moment they were computed: a page rendered from them is current while
    /// this returns the same entry.</summary>
    public Entry Current(string service)
    {
        var now = time.GetUtcNow();
        var version = window.ReportsAddedFor(service);
        if (_entries.TryGetValue(service, out var cached)
            && (cached.Version == version || (cached.Reports > BusyReports && now - cached.At < BusyRefresh)))
        {
            return cached;
        }

        var gate = _locks.GetOrAdd(service, _ => new object());
        if (!Monitor.TryEnter(gate))
        {
            if (cached is not null)
            {
                return cached;
            }

            Monitor.Enter(gate);
        }

        try
        {
            var reports = window.Reports(service);
            var entry = new Entry(now, version, reports.Count,
                ReportSignal.Evaluate(reports, now, engine.Options), ReportActivity.Evaluate(reports, now, engine.Options));
            _entries[service] = entry;
            return entry;
        }
        finally
        {
            Monitor.Exit(gate);
        }
    }

    public sealed record Entry(DateTimeOffset At, long Version, int Reports, ReportSignal Signal, ReportActivity Activity);
}
