using Downwatch.Domain.Baselines;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Status;

namespace Downwatch.Domain.History;

/// <summary>
/// Each endpoint's usual latency for every hour of the week, from hourly rollups of the past
/// <see cref="EngineOptions.BaselineWeeks"/> weeks (all locations together): what "slow" is measured against.
/// </summary>
public sealed class LatencyBaselines
{
    private const int HoursPerWeek = 168;
    private readonly Dictionary<(string Service, string Component, string Endpoint), LatencyHistogram[]> _byEndpoint = [];

    public static readonly LatencyBaselines Empty = new([], DateTimeOffset.MaxValue, EngineOptions.Default);

    /// <summary>Takes the rollups of whole hours before <paramref name="before"/> and within the baseline weeks.</summary>
    public LatencyBaselines(IEnumerable<ProbeRollup> hourly, DateTimeOffset before, EngineOptions options)
    {
        var from = before - TimeSpan.FromDays(7 * options.BaselineWeeks);
        foreach (var rollup in hourly)
        {
            if (rollup.Start < from || rollup.Start + TimeSpan.FromHours(1) > before || rollup.Latency.Count == 0)
            {
                continue;
            }

            var key = (rollup.Service, rollup.Component, rollup.Endpoint);
            if (!_byEndpoint.TryGetValue(key, out var hours))
            {
                hours = new LatencyHistogram[HoursPerWeek + 1];
                _byEndpoint[key] = hours;
            }

            var hour = RobustStatistics.HourOfWeek(rollup.Start);
            (hours[hour] ??= new LatencyHistogram()).Add(rollup.Latency);
            (hours[HoursPerWeek] ??= new LatencyHistogram()).Add(rollup.Latency);
        }
    }

    /// <summary>Baselines from raw results (a replayed timeline, which carries its own history).</summary>
    public static LatencyBaselines FromProbes(IEnumerable<ProbeObservation> probes, DateTimeOffset before, EngineOptions options) =>
        new(ProbeRollup.Hourly(probes.Where(p => p.At < ProbeRollup.HourOf(before))), before, options);

    public int Endpoints => _byEndpoint.Count;

    /// <summary>
    /// The latency above which a correct answer counts as slow at <paramref name="at"/>: the same hour of the week
    /// when it has enough samples, else all hours; infinite (never slow) while there is too little history.
    /// </summary>
    public double SlowThreshold(string service, string component, string endpoint, DateTimeOffset at, EngineOptions options)
    {
        if (!_byEndpoint.TryGetValue((service, component, endpoint), out var hours))
        {
            return double.PositiveInfinity;
        }

        var sameHour = hours[RobustStatistics.HourOfWeek(at)];
        var histogram = sameHour is not null && sameHour.Count >= options.LatencyMinSamples ? sameHour : hours[HoursPerWeek];
        if (histogram is null || histogram.Count < options.LatencyMinSamples)
        {
            return double.PositiveInfinity;
        }

        var baseline = histogram.ToBaseline();
        return Math.Max(baseline.Threshold(3, 0), baseline.Median + options.LatencyFloorMs);
    }
}
