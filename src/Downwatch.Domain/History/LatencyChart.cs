using System.Globalization;

namespace Downwatch.Domain.History;

/// <summary>One hour of a component's probe results: the median and 95th percentile latency of its correct answers
/// (null when it had none), and how many results there were and how many failed.</summary>
public sealed record LatencyHour(DateTimeOffset Start, double? MedianMs, double? P95Ms, int Probes, int Failures);

/// <summary>
/// A component's latency over the last 24 complete hours, from the hourly rollups of all its endpoints and locations, as
/// SVG geometry: the median and the 95th percentile as lines broken where an hour has no correct answer, and a mark at the
/// foot of each hour with failures. The scale is a round number at or above the highest 95th percentile.
/// </summary>
public sealed record LatencyChart(string Component, int Width, int Height, double ScaleMs, IReadOnlyList<LatencyHour> Hours,
    IReadOnlyList<string> MedianLines, IReadOnlyList<string> P95Lines, IReadOnlyList<double> FailureMarks)
{
    public const int HourCount = 24;

    /// <summary>True when no result at all was rolled up in these hours.</summary>
    public bool IsEmpty => Hours.All(h => h.Probes == 0);

    /// <summary>The lowest and highest hourly median, or null when there is none.</summary>
    public (double Low, double High)? MedianRange =>
        Hours.Where(h => h.MedianMs is not null).Select(h => h.MedianMs!.Value).ToList() is { Count: > 0 } medians
            ? (medians.Min(), medians.Max())
            : null;

    /// <summary>The chart of each of <paramref name="components"/>, over the 24 hours that ended at the start of the current hour.</summary>
    public static IReadOnlyList<LatencyChart> For(IEnumerable<string> components, IReadOnlyList<ProbeRollup> hourly, DateTimeOffset now,
        int width = 720, int height = 90)
    {
        var first = ProbeRollup.HourOf(now) - TimeSpan.FromHours(HourCount);
        return components.Select(component => Of(component, Enumerable.Range(0, HourCount).Select(i =>
        {
            var start = first + TimeSpan.FromHours(i);
            var parts = hourly.Where(r => r.Component == component && r.Start == start).ToList();
            var latency = new LatencyHistogram();
            foreach (var part in parts)
            {
                latency.Add(part.Latency);
            }

            return new LatencyHour(start, latency.Count == 0 ? null : latency.Quantile(0.5), latency.Count == 0 ? null : latency.Quantile(0.95),
                parts.Sum(p => p.Probes), parts.Sum(p => p.Failures));
        }).ToList(), width, height)).ToList();
    }

    private static LatencyChart Of(string component, List<LatencyHour> hours, int width, int height)
    {
        var scale = Round(hours.Select(h => h.P95Ms ?? 0).DefaultIfEmpty(0).Max());
        var slot = (double)width / hours.Count;
        double X(int i) => i * slot + slot / 2;
        double Y(double ms) => height - ms / scale * height;
        return new LatencyChart(component, width, height, scale, hours,
            Lines(hours, h => h.MedianMs, X, Y, slot), Lines(hours, h => h.P95Ms, X, Y, slot),
            hours.Select((h, i) => (h, i)).Where(x => x.h.Failures > 0).Select(x => X(x.i)).ToList());
    }

    /// <summary>One polyline per run of hours with a value; a run of one hour is drawn as a short flat stroke.</summary>
    private static List<string> Lines(List<LatencyHour> hours, Func<LatencyHour, double?> value, Func<int, double> x,
        Func<double, double> y, double slot)
    {
        var lines = new List<string>();
        var run = new List<(double X, double Y)>();
        for (var i = 0; i <= hours.Count; i++)
        {
            if (i < hours.Count && value(hours[i]) is { } v)
            {
                run.Add((x(i), y(v)));
                continue;
            }

            if (run.Count == 1)
            {
                run = [(run[0].X - slot / 4, run[0].Y), (run[0].X + slot / 4, run[0].Y)];
            }

            if (run.Count > 0)
            {
                lines.Add(string.Join(' ', run.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.X:0.#},{p.Y:0.#}"))));
            }

            run = [];
        }

        return lines;
    }

    /// <summary>The smallest of 1, 2, 5 × 10ⁿ ms at or above <paramref name="ms"/> (at least 10 ms).</summary>
    private static double Round(double ms)
    {
        var decade = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(ms, 10))));
        return Steps.Select(m => m * decade).First(v => v >= ms);
    }

    private static readonly int[] Steps = [1, 2, 5, 10];
}
