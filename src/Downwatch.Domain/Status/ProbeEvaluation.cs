using System.Globalization;
using Downwatch.Domain.Baselines;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.History;
using Downwatch.Domain.Observations;

namespace Downwatch.Domain.Status;

/// <summary>What our own probes say about one component right now.</summary>
public sealed record ProbeVerdict(
    ServiceStatus Status,
    int OnlineLocations,
    int FailingLocations,
    IReadOnlyList<Evidence> Evidence);

/// <summary>Turns one component's probe results into a status with evidence (the primary signal).</summary>
public static class ProbeEvaluation
{
    private enum EndpointState { Healthy, Slow, Regional, Down }

    /// <summary>Status is Unknown when no online location has a fresh result for any endpoint of the component.</summary>
    public static ProbeVerdict Evaluate(string service, ComponentDefinition component, IReadOnlyList<ProbeObservation> results,
        LocationStatus locations, LatencyBaselines baselines, DateTimeOffset now, EngineOptions options)
    {
        var windowStart = now - options.Window;
        var states = new List<EndpointState>();
        var sentences = new List<(EndpointState State, string Text, DateTimeOffset At)>();
        var maxOnline = 0;
        var maxFailing = 0;
        var ignoredOffline = results
            .Where(r => r.At > windowStart && r.At <= now && r.Outcome == ProbeOutcome.Down
                && !locations.IsOnline(r.Location, r.At))
            .ToList();

        foreach (var endpoint in results.GroupBy(r => r.Endpoint, StringComparer.Ordinal))
        {
            var definition = component.Probes.FirstOrDefault(p => p.Id == endpoint.Key);
            var interval = TimeSpan.FromSeconds(definition?.IntervalSeconds ?? ProbeEndpoint.DefaultIntervalSeconds);
            // Only results inside both the window and the freshness horizon count: a location whose last
            // results are stale is left out rather than judged on old failures.
            var horizon = now - TimeSpan.FromTicks(Math.Min(options.Window.Ticks, (interval * options.StaleAfterIntervals).Ticks));
            var slowAbove = baselines.SlowThreshold(service, component.Slug, endpoint.Key, windowStart, options);
            var views = new List<LocationView>();
            foreach (var atLocation in endpoint.GroupBy(r => r.Location, StringComparer.Ordinal))
            {
                var counted = atLocation
                    .Where(r => r.At > horizon && r.At <= now && locations.IsOnline(r.Location, r.At))
                    .OrderBy(r => r.At).ThenBy(r => r.Outcome).ThenBy(r => r.LatencyMs).ThenBy(r => r.StatusCode)
                    .ToList();
                if (counted.Count == 0)
                {
                    continue;
                }

                var latest = counted[^1];
                var confirmedDown = FlipState.IsFailing(counted, options.ConfirmFailures, options.ConfirmRecoveries);
                if (!confirmedDown && counted.All(r => r.Outcome == ProbeOutcome.Down))
                {
                    continue; // failures not yet confirmed, and nothing healthy seen: this location says nothing yet
                }

                var verdict = confirmedDown
                    ? LocationVerdict.Failing
                    : latest.Outcome == ProbeOutcome.Degraded || (latest.Outcome == ProbeOutcome.Up && latest.LatencyMs > slowAbove)
                        ? LocationVerdict.Slow
                        : LocationVerdict.Healthy;
                views.Add(new LocationView(atLocation.Key, verdict, latest,
                    counted.LastOrDefault(r => r.Outcome == ProbeOutcome.Down)));
            }

            if (views.Count == 0)
            {
                continue;
            }

            var failing = views.Count(v => v.Verdict == LocationVerdict.Failing);
            var slow = views.Count(v => v.Verdict == LocationVerdict.Slow);
            var state = failing > 0 && failing * 2 >= views.Count ? EndpointState.Down
                : failing > 0 ? EndpointState.Regional
                : slow * 2 >= views.Count && slow > 0 ? EndpointState.Slow
                : EndpointState.Healthy;
            states.Add(state);
            maxOnline = Math.Max(maxOnline, views.Count);
            maxFailing = Math.Max(maxFailing, failing);
            sentences.Add((state, Describe(component, state, views, failing, slow, options), views.Max(v => v.Latest.At)));
        }

        var status = states.Count == 0 ? ServiceStatus.Unknown
            : states.All(s => s == EndpointState.Down) ? ServiceStatus.MajorOutage
            : states.Any(s => s == EndpointState.Down) ? ServiceStatus.PartialOutage
            : states.Any(s => s is EndpointState.Regional or EndpointState.Slow) ? ServiceStatus.Degraded
            : ServiceStatus.Operational;
        var evidence = sentences
            .Select(s => new Evidence(EvidenceSource.Probes, s.Text, s.At,
                s.State == EndpointState.Healthy ? ServiceStatus.Operational : status))
            .ToList();
        if (ignoredOffline.Count > 0)
        {
            var names = string.Join(", ", ignoredOffline.Select(r => r.Location).Distinct().Order());
            evidence.Add(new Evidence(EvidenceSource.Probes,
                $"{ignoredOffline.Count} failed probe(s) from {names} not counted: that location's own control checks were failing.",
                ignoredOffline.Max(r => r.At), ServiceStatus.Unknown));
        }

        return new ProbeVerdict(status, maxOnline, maxFailing, evidence);
    }

    private static string Describe(ComponentDefinition component, EndpointState state, List<LocationView> views,
        int failing, int slow, EngineOptions options)
    {
        var window = $"in the last {options.Window.TotalMinutes.ToString(CultureInfo.InvariantCulture)} minutes";
        var latest = views.OrderBy(v => v.Latest.At).ThenBy(v => v.Location, StringComparer.Ordinal).Last().Latest;
        var at = latest.At.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);
        switch (state)
        {
            case EndpointState.Down:
            case EndpointState.Regional:
                var failed = views.Where(v => v.Verdict == LocationVerdict.Failing).Select(v => v.LatestFailure!).ToList();
                var places = string.Join(", ", failed.Select(f => f.Location).Order());
                return $"{component.Name} {FailureWords(failed)} from {failing} of {views.Count} location(s) ({places}) {window}; latest probe {at} UTC.";
            case EndpointState.Slow:
                var median = RobustStatistics.Median(views.Select(v => v.Latest.LatencyMs).ToArray());
                return $"{component.Name} answered slowly at {slow} of {views.Count} location(s) (median {median:0} ms, above its usual level); latest probe {at} UTC.";
            default:
                var code = latest.StatusCode is { } c ? $" ({c})" : "";
                return $"{component.Name} answered as expected{code} at {views.Count} of {views.Count} location(s) {window}; latest probe {at} UTC, {latest.LatencyMs:0} ms.";
        }
    }

    private static string FailureWords(IReadOnlyList<ProbeObservation> failed)
    {
        var codes = failed.Where(f => f.StatusCode is not null).Select(f => f.StatusCode!.Value).Distinct().Order().ToList();
        if (codes.Count > 0)
        {
            return $"answered {string.Join("/", codes)}";
        }

        var kinds = failed.Select(f => f.ErrorKind).Where(k => k is not null).Distinct().ToList();
        return kinds.Count > 0 ? $"failed ({string.Join(", ", kinds)})" : "failed";
    }
}
