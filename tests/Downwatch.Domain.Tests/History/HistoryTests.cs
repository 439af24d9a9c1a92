using Downwatch.Domain.Baselines;
using Downwatch.Domain.History;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Status;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Downwatch.Domain.Tests.History;

/// <summary>Latency histograms, hourly and daily rollups, and the baselines read from them.</summary>
public class HistoryTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    private static ProbeObservation Probe(DateTimeOffset at, double latency, ProbeOutcome outcome = ProbeOutcome.Up, string location = "eu",
        string? kind = null) => new("acme", "api", "main", location, at, outcome, latency, 200, kind);

    [Property(MaxTest = 200)]
    public Property Quantiles_are_within_a_bucket_of_the_exact_ones() =>
        Prop.ForAll(Gen.Choose(1, 120_000).ArrayOf().Where(a => a.Length > 0).ToArbitrary(), values =>
        {
            var histogram = new LatencyHistogram();
            foreach (var v in values)
            {
                histogram.Add(v);
            }

            var sorted = values.Order().ToArray();
            foreach (var q in new[] { 0.5, 0.95, 0.99 })
            {
                var exact = sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1)];
                var read = histogram.Quantile(q);
                if (Math.Abs(read - exact) > exact * 0.1 + 1)
                {
                    return false;
                }
            }

            return histogram.Count == values.Length;
        });

    [Property(MaxTest = 200)]
    public Property Bytes_round_trip_and_sums_add_up() =>
        Prop.ForAll(Gen.Choose(0, 300_000).ArrayOf().ToArbitrary(), Gen.Choose(0, 300_000).ArrayOf().ToArbitrary(), (a, b) =>
        {
            var left = new LatencyHistogram();
            var right = new LatencyHistogram();
            var both = new LatencyHistogram();
            foreach (var v in a) { left.Add(v); both.Add(v); }
            foreach (var v in b) { right.Add(v); both.Add(v); }
            left.Add(right);
            var read = LatencyHistogram.FromBytes(left.ToBytes());
            return read.ToBytes().AsSpan().SequenceEqual(both.ToBytes()) && read.Count == a.Length + b.Length;
        });

    [Fact]
    public void Malformed_histogram_bytes_are_refused_not_half_read()
    {
        Assert.Throws<FormatException>(() => LatencyHistogram.FromBytes([0x05]));
        Assert.Throws<FormatException>(() => LatencyHistogram.FromBytes([200, 1, 3]));
        Assert.Throws<FormatException>(() => LatencyHistogram.FromBytes([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]));
    }

    [Fact]
    public void An_hour_is_counted_by_outcome_and_failure_kind_and_a_day_adds_its_hours_up()
    {
        var probes = new[]
        {
            Probe(Monday.AddMinutes(1), 100), Probe(Monday.AddMinutes(2), 300), Probe(Monday.AddMinutes(3), 0, ProbeOutcome.Down, kind: "timeout"),
            Probe(Monday.AddMinutes(61), 200), Probe(Monday.AddMinutes(62), 0, ProbeOutcome.Down, kind: "dns"),
            Probe(Monday.AddMinutes(63), 0, ProbeOutcome.Down), Probe(Monday.AddMinutes(64), 900, ProbeOutcome.Degraded),
            Probe(Monday.AddMinutes(65), 150, location: "us"),
        };

        var hourly = ProbeRollup.Hourly(probes);
        Assert.Equal(3, hourly.Count);
        var second = Assert.Single(hourly, r => r.Location == "eu" && r.Start == Monday.AddHours(1));
        Assert.Equal((4, 1, 2, 1L), (second.Probes, second.Degraded, second.Failures, second.Latency.Count));
        Assert.Equal(new Dictionary<string, int> { ["dns"] = 1, [ProbeRollup.UnknownKind] = 1 }, second.FailureKinds);

        var daily = ProbeRollup.Daily(hourly);
        var eu = Assert.Single(daily, r => r.Location == "eu");
        Assert.Equal(Monday, eu.Start);
        Assert.Equal((7, 1, 3, 3L), (eu.Probes, eu.Degraded, eu.Failures, eu.Latency.Count));
        Assert.Equal(new Dictionary<string, int> { ["dns"] = 1, ["timeout"] = 1, [ProbeRollup.UnknownKind] = 1 }, eu.FailureKinds);
    }

    [Fact]
    public void Baselines_use_the_same_hour_of_week_over_four_weeks_and_never_the_hour_being_judged()
    {
        var options = EngineOptions.Default;
        var now = Monday.AddDays(28).AddHours(10).AddMinutes(30);
        // Four past Mondays at 10:00 answered in ~200 ms, every other hour in ~1,000 ms.
        var history = Enumerable.Range(1, 28 * 24)
            .SelectMany(h => Enumerable.Range(0, 12).Select(m => Monday.AddHours(h).AddMinutes(m * 5)))
            .Where(at => at < ProbeRollup.HourOf(now))
            .Select(at => Probe(at, RobustStatistics.HourOfWeek(at) == 10 ? 200 + at.Minute : 1000 + at.Minute))
            .ToList();
        var baselines = new LatencyBaselines(ProbeRollup.Hourly(history), now, options);

        var threshold = baselines.SlowThreshold("acme", "api", "main", now, options);
        Assert.InRange(threshold, 400, 600); // 200 ms + the 250 ms floor, within a bucket
        Assert.True(baselines.SlowThreshold("acme", "api", "main", now.AddHours(2), options) > 1200);
        Assert.Equal(double.PositiveInfinity, baselines.SlowThreshold("acme", "api", "other", now, options));

        // Results of the hour being judged never teach the baseline what is usual.
        var slowNow = Enumerable.Range(0, 30).Select(m => Probe(ProbeRollup.HourOf(now).AddMinutes(m), 5000));
        var withNow = new LatencyBaselines(ProbeRollup.Hourly(history.Concat(slowNow)), now, options);
        Assert.Equal(threshold, withNow.SlowThreshold("acme", "api", "main", now, options));
    }

    [Fact]
    public void Too_little_history_never_calls_anything_slow()
    {
        var options = EngineOptions.Default;
        var few = Enumerable.Range(0, options.LatencyMinSamples - 1).Select(i => Probe(Monday.AddMinutes(i), 100));
        var baselines = new LatencyBaselines(ProbeRollup.Hourly(few), Monday.AddDays(1), options);
        Assert.Equal(double.PositiveInfinity, baselines.SlowThreshold("acme", "api", "main", Monday.AddDays(1), options));
    }
}
