using Downwatch.Domain.Baselines;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Status;

namespace Downwatch.Domain.History;

/// <summary>What a streamed-request (inference) speed is: time to first token, or tokens per second.</summary>
public enum StreamSpeed
{
    FirstToken,
    TokenRate,
}

/// <summary>
/// Each endpoint's usual latency for every hour of the week, from hourly rollups of the past
/// <see cref="EngineOptions.BaselineWeeks"/> weeks (all locations together): what "slow" is measured against. For a
/// model's streamed requests, the same for time to first token and tokens per second.
/// </summary>
public sealed class LatencyBaselines
{
    private const int HoursPerWeek = 168;
    private readonly Dictionary<(string Service, string Component, string Endpoint), LatencyHistogram[]> _byEndpoint = [];
    private readonly Dictionary<(string Service, string Component, string Endpoint, StreamSpeed Speed), LatencyHistogram[]> _bySpeed = [];

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

            var hour = RobustStatistics.HourOfWeek(rollup.Start);
            AddTo(_byEndpoint, (rollup.Service, rollup.Component, rollup.Endpoint), hour, rollup.Latency);
            AddTo(_bySpeed, (rollup.Service, rollup.Component, rollup.Endpoint, StreamSpeed.FirstToken), hour, rollup.FirstToken);
            AddTo(_bySpeed, (rollup.Service, rollup.Component, rollup.Endpoint, StreamSpeed.TokenRate), hour, rollup.TokenRate);
        }
    }

    private static void AddTo<TKey>(Dictionary<TKey, LatencyHistogram[]> into, TKey key, int hour, LatencyHistogram histogram)
        where TKey : notnull
    {
        if (histogram.Count == 0)
        {
            return;
        }

        if (!into.TryGetValue(key, out var hours))
        {
            hours = new LatencyHistogram[HoursPerWeek + 1];
            into[key] = hours;
        }

        (hours[hour] ??= new LatencyHistogram()).Add(histogram);
        (hours[HoursPerWeek] ??= new LatencyHistogram()).Add(histogram);
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

        if (Usual(hours, at, options.LatencyMinSamples) is not { } baseline)
        {
            return double.PositiveInfinity;
        }

        return Math.Max(baseline.Threshold(3, 0), baseline.Median + options.LatencyFloorMs);
    }

    /// <summary>
    /// A model's usual <paramref name="speed"/> at <paramref name="at"/>: the same hour of the week when it has at least
    /// <paramref name="minSamples"/> correct answers, else all hours; null while there is too little history.
    /// </summary>
    public Baseline? UsualSpeed(string service, string component, string endpoint, StreamSpeed speed, DateTimeOffset at, int minSamples) =>
        _bySpeed.TryGetValue((service, component, endpoint, speed), out var hours) ? Usual(hours, at, minSamples) : null;

    private static Baseline? Usual(LatencyHistogram?[] hours, DateTimeOffset at, int minSamples)
    {
        var sameHour = hours[RobustStatistics.HourOfWeek(at)];
        var histogram = sameHour is not null && sameHour.Count >= minSamples ? sameHour : hours[HoursPerWeek];
        return histogram is null || histogram.Count < minSamples ? null : histogram.ToBaseline();
    }
}
