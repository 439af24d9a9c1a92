using Downwatch.Domain.History;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Downwatch.Domain.Tests.History;

public class LatencyChartTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 20, 0, TimeSpan.Zero);

    private static ProbeRollup Rollup(string component, int hoursAgo, int probes, int failures, params double[] latencies)
    {
        var latency = new LatencyHistogram();
        foreach (var ms in latencies)
        {
            latency.Add(ms);
        }

        return new ProbeRollup("acme", component, $"{component}-endpoint", "eu", ProbeRollup.HourOf(Now) - TimeSpan.FromHours(hoursAgo),
            probes, 0, failures, new Dictionary<string, int>(), latency);
    }

    [Fact]
    public void Hours_without_correct_answers_break_the_line_and_failed_hours_are_marked()
    {
        IReadOnlyList<ProbeRollup> rollups =
        [
            Rollup("api", 1, 12, 0, [100, 110, 120, 900]), Rollup("api", 2, 12, 0, [100, 100, 130]),
            Rollup("api", 5, 12, 12), // every result failed: no latency, a failure mark
            Rollup("api", 8, 6, 1, [300]), // one hour alone: a short stroke
            Rollup("web", 1, 12, 0, [50]),
            Rollup("api", 0, 12, 0, [5000]), // the current hour is not complete: not shown
        ];
        var api = LatencyChart.For(["api"], rollups, Now).Single();

        Assert.Equal(24, api.Hours.Count);
        Assert.Equal(ProbeRollup.HourOf(Now) - TimeSpan.FromHours(24), api.Hours[0].Start);
        Assert.Equal(2, api.MedianLines.Count); // hours 8 and 2–1
        Assert.All(api.MedianLines, l => Assert.Equal(2, l.Split(' ').Length));
        Assert.Equal(2, api.FailureMarks.Count); // 5 and 8 hours ago
        Assert.Null(api.Hours[^5].MedianMs);
        Assert.Equal(12, api.Hours[^5].Failures);
        Assert.InRange(api.Hours[^1].MedianMs!.Value, 100, 125); // histogram buckets are within ~9 %
        Assert.InRange(api.Hours[^1].P95Ms!.Value, 820, 980);
        Assert.Equal(1000, api.ScaleMs);
        Assert.False(api.IsEmpty);

        var nothing = LatencyChart.For(["api"], [], Now).Single();
        Assert.True(nothing.IsEmpty);
        Assert.Empty(nothing.MedianLines);
        Assert.Null(nothing.MedianRange);
    }

    [Property(MaxTest = 200)]
    public Property Every_point_lies_inside_the_chart_and_the_scale_covers_every_hour() =>
        Prop.ForAll(Gen.Choose(1, 60_000).Select(ms => (double)ms).ArrayOf().Select(a => a.Take(30).ToArray()).ToArbitrary(),
            Gen.Choose(0, 23).ToArbitrary(), (latencies, hoursAgo) =>
            {
                var chart = LatencyChart.For(["api"], [Rollup("api", hoursAgo + 1, latencies.Length, 0, latencies)], Now).Single();
                var points = chart.MedianLines.Concat(chart.P95Lines).SelectMany(l => l.Split(' '))
                    .Select(p => p.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray());
                return points.All(p => p[0] >= 0 && p[0] <= chart.Width && p[1] >= 0 && p[1] <= chart.Height)
                    && chart.Hours.All(h => (h.P95Ms ?? 0) <= chart.ScaleMs)
                    && chart.MedianLines.Count == (latencies.Length == 0 ? 0 : 1);
            });
}
