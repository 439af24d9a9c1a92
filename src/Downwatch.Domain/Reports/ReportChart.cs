using System.Globalization;

namespace Downwatch.Domain.Reports;

/// <summary>Geometry of the 24-hour report chart: one bar per hour and a line for the usual level, in SVG units.</summary>
public sealed record ReportChart(int Width, int Height, double Scale, IReadOnlyList<ReportChartBar> Bars, string UsualLine, string ThresholdLine)
{
    public static ReportChart From(IReadOnlyList<ReportHour> hours, int width = 480, int height = 120)
    {
        var top = Math.Max(1, hours.Select(h => Math.Max(h.DistinctReporters, h.Threshold)).DefaultIfEmpty(1).Max());
        var slot = hours.Count == 0 ? width : (double)width / hours.Count;
        double Y(double value) => height - value / top * height;
        var bars = hours.Select((h, i) => new ReportChartBar(h, i * slot + 1, Y(h.DistinctReporters), Math.Max(1, slot - 2),
            height - Y(h.DistinctReporters))).ToList();
        return new ReportChart(width, height, top, bars, Line(hours, slot, h => Y(h.Usual)), Line(hours, slot, h => Y(h.Threshold)));
    }

    private static string Line(IReadOnlyList<ReportHour> hours, double slot, Func<ReportHour, double> y) =>
        string.Join(' ', hours.Select((h, i) => string.Create(CultureInfo.InvariantCulture, $"{i * slot + slot / 2:0.#},{y(h):0.#}")));
}

/// <summary>One hour's bar in the chart.</summary>
public sealed record ReportChartBar(ReportHour Hour, double X, double Y, double Width, double Height);
