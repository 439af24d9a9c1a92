using System.Globalization;
using Downwatch.Domain.Baselines;
using Downwatch.Domain.History;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Status;

namespace Downwatch.Domain.Inference;

/// <summary>
/// Turns one model's streamed-request results into a status with one evidence sentence. Only results from online
/// locations count, each location's newest few within the window; failures that are about our own key or request
/// (<see cref="InferenceFailure.IsOurs"/>) never count against the model. "Slow" is relative to the model's own usual
/// first-token time and speed for this hour of the week (median and MAD from the hourly rollups of the past weeks,
/// <see cref="LatencyBaselines.UsualSpeed"/>); until those exist, the older correct answers held stand in.
/// </summary>
public static class ModelRules
{
    public static ModelAssessment Evaluate(string service, string component, string model, IReadOnlyList<ProbeObservation> results,
        LocationStatus locations, DateTimeOffset now, ModelRuleOptions options, LatencyBaselines? baselines = null)
    {
        var windowStart = now - options.Window;
        var recent = results
            .Where(r => r.At > windowStart && r.At <= now && locations.IsOnline(r.Location, r.At))
            .GroupBy(r => r.Location, StringComparer.Ordinal)
            .SelectMany(g => g.OrderByDescending(r => r.At).Take(options.PerLocation))
            .ToList();
        var counted = recent.Where(r => !InferenceFailure.IsOurs(r.ErrorKind)).ToList();
        var history = results.Where(r => r.At <= windowStart && r.ErrorKind is null).ToList();
        var lastChecked = results.Where(r => r.At <= now).Select(r => (DateTimeOffset?)r.At).Max();
        if (counted.Count == 0)
        {
            return Unknown(service, component, model, recent, lastChecked);
        }

        var byLocation = counted.GroupBy(r => r.Location, StringComparer.Ordinal).ToList();
        var locationNames = byLocation.Select(g => g.Key).Order(StringComparer.Ordinal).ToList();
        var failingLocations = byLocation.Where(g => g.MaxBy(r => r.At)!.ErrorKind is not null).Select(g => g.Key).Order(StringComparer.Ordinal).ToList();
        var failures = counted.Where(r => r.ErrorKind is not null).ToList();
        var top = failures.GroupBy(r => r.ErrorKind!, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .FirstOrDefault();
        var ok = counted.Where(r => r.ErrorKind is null).ToList();
        var ttftNow = Median(ok.Select(r => r.Details?.TtftMs));
        var tpsNow = Median(ok.Select(r => r.Details?.TokensPerSecond));
        var endpoint = InferenceEndpoint.For(model);
        var ttftUsual = baselines?.UsualSpeed(service, component, endpoint, StreamSpeed.FirstToken, now, options.BaselineMinSamples)
            ?? Usual(history.Select(r => r.Details?.TtftMs), options);
        var tpsUsual = baselines?.UsualSpeed(service, component, endpoint, StreamSpeed.TokenRate, now, options.BaselineMinSamples)
            ?? Usual(history.Select(r => r.Details?.TokensPerSecond), options);
        var slowTtft = ttftNow is { } tn && ttftUsual is { } tu
            && tn >= tu.Median * options.SlowFactor && tn > tu.Threshold(options.SlowZ, 1) && tn - tu.Median > options.TtftFloorMs;
        var slowTps = tpsNow is { } sn && tpsUsual is { } su
            && sn <= su.Median / options.SlowFactor && sn < su.Median - (options.SlowZ * Math.Max(su.Mad * RobustStatistics.MadToSigma, 0.1));

        var everywhere = failingLocations.Count == locationNames.Count;
        var status = failures.Count == 0 ? (slowTtft || slowTps ? ServiceStatus.Degraded : ServiceStatus.Operational)
            : everywhere && failures.Count * 2 >= counted.Count && counted.Count >= 2 ? ServiceStatus.MajorOutage
            : failures.Count * 2 >= counted.Count && counted.Count >= 2 ? ServiceStatus.PartialOutage
            : failingLocations.Count > 0 || slowTtft || slowTps ? ServiceStatus.Degraded
            : ServiceStatus.Operational;

        var text = Sentence(model, counted.Count, failures.Count, top?.Key, top?.Count() ?? 0, locationNames.Count, failingLocations.Count,
            ttftNow, ttftUsual?.Median, tpsNow, tpsUsual?.Median, slowTtft, slowTps, options.Window);
        var newest = counted.Max(r => r.At);
        return new ModelAssessment(service, component, model, status, counted.Count, failures.Count, locationNames, failingLocations, top?.Key,
            ttftNow, ttftUsual?.Median, tpsNow, tpsUsual?.Median, slowTtft || slowTps, lastChecked,
            new Evidence(EvidenceSource.Probes, text, newest, status));
    }

    private static ModelAssessment Unknown(string service, string component, string model, List<ProbeObservation> recent, DateTimeOffset? lastChecked)
    {
        var text = recent.Count > 0
            ? $"{model} cannot be judged: our key or request was refused ({InferenceFailure.Describe(recent.MaxBy(r => r.At)!.ErrorKind)}), which says nothing about the provider."
            : lastChecked is { } last
                ? $"{model} has not been asked recently: the last streamed request was at {last.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC."
                : $"{model} has not been asked yet.";
        return new ModelAssessment(service, component, model, ServiceStatus.Unknown, 0, 0, [], [], null, null, null, null, null, false, lastChecked,
            new Evidence(EvidenceSource.Freshness, text, null, ServiceStatus.Unknown));
    }

    private static string Sentence(string model, int attempts, int failures, string? top, int topCount, int locations, int failingLocations,
        double? ttftNow, double? ttftUsual, double? tpsNow, double? tpsUsual, bool slowTtft, bool slowTps, TimeSpan window)
    {
        var from = locations == 1 ? "from 1 location" : $"from {locations} locations";
        var minutes = $"in the last {window.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} minutes";
        var head = failures == 0
            ? $"All {attempts} streamed requests to {model} answered correctly {from} {minutes}"
            : $"{failures} of {attempts} streamed requests to {model} failed" +
              (top is null ? "" : topCount == failures ? $" with {InferenceFailure.Describe(top)}" : $", {topCount} with {InferenceFailure.Describe(top)}") +
              $" {from}" + (failingLocations > 0 && failingLocations < locations ? $" (failing now at {failingLocations})" : "") + $" {minutes}";
        var speed = new List<string>();
        if (ttftNow is { } t)
        {
            speed.Add($"first token after {Ms(t)}" + (ttftUsual is { } u ? $" (usually {Ms(u)}){(slowTtft ? ", slow" : "")}" : ""));
        }

        if (tpsNow is { } s)
        {
            speed.Add($"{Rate(s)} tokens/s" + (tpsUsual is { } u ? $" (usually {Rate(u)}){(slowTps ? ", slow" : "")}" : ""));
        }

        return speed.Count == 0 ? head + "." : $"{head}; {string.Join(", ", speed)}.";
    }

    private static string Ms(double ms) => $"{ms.ToString("#,0", CultureInfo.InvariantCulture)} ms";

    private static string Rate(double rate) => rate.ToString("0.#", CultureInfo.InvariantCulture);

    private static double? Median(IEnumerable<double?> values)
    {
        var list = values.OfType<double>().ToList();
        return list.Count == 0 ? null : RobustStatistics.Median(list);
    }

    private static Baseline? Usual(IEnumerable<double?> values, ModelRuleOptions options)
    {
        var list = values.OfType<double>().ToList();
        return list.Count < options.BaselineMinSamples ? null : Baseline.From(list);
    }
}
