using System.Globalization;
using Downwatch.Domain.Baselines;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.History;
using Downwatch.Domain.Observations;

namespace Downwatch.Domain.Status;

/// <summary>What our own probes say about one component right now.</summary>
/// <param name="OnlineLocations">Most locations with a counted view of one endpoint that are online now.</param>
/// <param name="FailingLocations">Most locations seeing one endpoint failing (rate past the failing threshold).</param>
/// <param name="AffectedLocations">Most locations seeing any problem with one endpoint (errors, failing or slow).</param>
/// <param name="Quorum">True when the worst endpoint's problem is seen at a quorum (half or more, and at least two)
/// of the locations online now.</param>
public sealed record ProbeVerdict(
    ServiceStatus Status,
    int OnlineLocations,
    int FailingLocations,
    IReadOnlyList<Evidence> Evidence,
    int AffectedLocations = 0,
    bool Quorum = false);

/// <summary>Turns one component's probe results into a status with evidence (the primary signal).</summary>
public static class ProbeEvaluation
{
    private enum EndpointState { Healthy, Slow, Errors, Regional, Down }

    /// <summary>Status is Unknown when no online location has a fresh result for any endpoint of the component.</summary>
    public static ProbeVerdict Evaluate(string service, ComponentDefinition component, IReadOnlyList<ProbeObservation> results,
        LocationStatus locations, LatencyBaselines baselines, DateTimeOffset now, EngineOptions options)
    {
        var windowStart = now - options.Window;
        var states = new List<EndpointState>();
        var sentences = new List<(EndpointState State, string Text, DateTimeOffset At)>();
        var maxOnline = 0;
        var maxFailing = 0;
        var maxAffected = 0;
        var quorum = false;
        var ignoredOffline = results
            .Where(r => r.At > windowStart && r.At <= now && r.Outcome == ProbeOutcome.Down
                && !locations.IsOnline(r.Location, r.At))
            .ToList();

        foreach (var endpoint in results.GroupBy(r => r.Endpoint, StringComparer.Ordinal))
        {
            var definition = component.Probes.FirstOrDefault(p => p.Id == endpoint.Key);
            var interval = TimeSpan.FromSeconds(definition?.IntervalSeconds ?? ProbeEndpoint.DefaultIntervalSeconds);
            // A location counts only while its newest result is inside both the window and the freshness horizon:
            // one whose results are stale is left out rather than judged on old ones.
            var horizon = now - TimeSpan.FromTicks(Math.Min(options.Window.Ticks, (interval * options.StaleAfterIntervals).Ticks));
            var slowAbove = SlowLine(baselines, service, component.Slug, endpoint.Key, definition, windowStart, options);
            var views = new List<LocationView>();
            foreach (var atLocation in endpoint.GroupBy(r => r.Location, StringComparer.Ordinal))
            {
                var counted = atLocation
                    .Where(r => r.At > now - options.Lookback - options.Window && r.At <= now && locations.IsOnline(r.Location, r.At))
                    .OrderBy(r => r.At).ThenBy(r => r.Outcome).ThenBy(r => r.LatencyMs).ThenBy(r => r.StatusCode)
                    .ToList();
                if (counted.Count == 0 || counted[^1].At <= horizon)
                {
                    continue;
                }

                var (errors, slow, rate, leftFailing, since, before) = LocationWalk.Walk(counted, slowAbove, now, options);
                var latest = counted[^1];
                if (errors == ErrorLevel.None && counted.Where(r => r.At > horizon).All(r => r.Outcome == ProbeOutcome.Down))
                {
                    continue; // failures not yet confirmed, and nothing healthy seen lately: this location says nothing yet
                }

                views.Add(new LocationView(atLocation.Key, errors, slow && errors == ErrorLevel.None, rate.Samples, rate.Failures, latest,
                    counted.LastOrDefault(r => r.Outcome == ProbeOutcome.Down), locations.IsOnline(atLocation.Key, now))
                {
                    RecentlyFailing = errors == ErrorLevel.Failing || (leftFailing is { } left && now - left < options.MinDwell),
                    Since = since,
                    Before = before,
                });
            }

            if (views.Count == 0)
            {
                continue;
            }

            var failing = views.Count(v => v.Errors == ErrorLevel.Failing);
            if (failing * 2 < views.Count)
            {
                // Short of a quorum, a location that has just started to see the endpoint failing is given one probe
                // interval for the others to probe: a problem everywhere reaches each location a little apart, and
                // that is no "regional" phase. Until then it counts as what it saw before.
                views = views.Select(v => v.Errors == ErrorLevel.Failing && now - v.Since < interval ? v with { Errors = v.Before } : v).ToList();
                failing = views.Count(v => v.Errors == ErrorLevel.Failing);
            }

            // A location that stopped seeing the endpoint failing less than MinDwell ago still counts towards the quorum
            // while another still sees it failing: locations recover a little apart, and that is no "regional" phase.
            var failingForQuorum = failing == 0 ? 0 : views.Count(v => v.RecentlyFailing);
            var erring = views.Count(v => v.Errors != ErrorLevel.None);
            var slowCount = views.Count(v => v.Slow);
            var onlineNow = views.Count(v => v.OnlineNow);
            var state = failing > 0 && failingForQuorum * 2 >= views.Count ? EndpointState.Down
                : failing > 0 ? EndpointState.Regional
                : erring > 0 ? EndpointState.Errors
                : slowCount * 2 >= views.Count && slowCount > 0 ? EndpointState.Slow
                : EndpointState.Healthy;
            states.Add(state);
            var affected = state switch
            {
                EndpointState.Down or EndpointState.Regional => failing,
                EndpointState.Errors => erring,
                EndpointState.Slow => slowCount,
                _ => 0,
            };
            var affectedOnline = views.Count(v => v.OnlineNow && (state == EndpointState.Slow ? v.Slow : v.Errors != ErrorLevel.None));
            quorum |= state is EndpointState.Down or EndpointState.Slow or EndpointState.Errors
                && affectedOnline >= 2 && affectedOnline * 2 >= onlineNow;
            maxOnline = Math.Max(maxOnline, onlineNow);
            maxFailing = Math.Max(maxFailing, failing);
            maxAffected = Math.Max(maxAffected, affected);
            sentences.Add((state, Describe(component, state, views, options), views.Max(v => v.Latest.At)));
        }

        var status = states.Count == 0 ? ServiceStatus.Unknown
            : states.All(s => s == EndpointState.Down) ? ServiceStatus.MajorOutage
            : states.Any(s => s == EndpointState.Down) ? ServiceStatus.PartialOutage
            : states.Any(s => s is not EndpointState.Healthy) ? ServiceStatus.Degraded
            : ServiceStatus.Operational;
        var evidence = sentences
            .Select(s => new Evidence(EvidenceSource.Probes, s.Text, s.At,
                s.State == EndpointState.Healthy ? ServiceStatus.Operational : status))
            .ToList();
        if (ignoredOffline.Count > 0)
        {
            var names = string.Join(", ", ignoredOffline.Select(r => r.Location).Distinct().Order());
            evidence.Add(new Evidence(EvidenceSource.Probes,
                $"{Counting.Of(ignoredOffline.Count, "failed probe")} from {names} not counted: that location's own control checks were failing.",
                ignoredOffline.Max(r => r.At), ServiceStatus.Unknown));
        }

        return new ProbeVerdict(status, maxOnline, maxFailing, evidence, maxAffected, quorum);
    }

    /// <summary>The learned slow line of the endpoint, or on a cold start (no baseline yet) the catalog's expected
    /// latency times <see cref="EngineOptions.ColdStartSlowFactor"/>, at least <see cref="EngineOptions.LatencyFloorMs"/> above it.</summary>
    public static double SlowLine(LatencyBaselines baselines, string service, string component, string endpoint,
        ProbeEndpoint? definition, DateTimeOffset at, EngineOptions options)
    {
        var learned = baselines.SlowThreshold(service, component, endpoint, at, options);
        if (!double.IsPositiveInfinity(learned))
        {
            return learned;
        }

        var expected = (double)(definition?.ExpectedLatency ?? ProbeEndpoint.DefaultExpectedLatencyMs);
        return Math.Max(expected * options.ColdStartSlowFactor, expected + options.LatencyFloorMs);
    }

    private static string Describe(ComponentDefinition component, EndpointState state, List<LocationView> views, EngineOptions options)
    {
        var window = $"in the last {options.Window.TotalMinutes.ToString(CultureInfo.InvariantCulture)} minutes";
        var latest = views.OrderBy(v => v.Latest.At).ThenBy(v => v.Location, StringComparer.Ordinal).Last().Latest;
        var at = latest.At.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);
        var offline = views.Where(v => !v.OnlineNow).Select(v => v.Location).Order().ToList();
        var offlineNote = offline.Count == 0 ? ""
            : $" ({string.Join(", ", offline)} offline since; its older results still count until they expire)";
        switch (state)
        {
            case EndpointState.Down:
            case EndpointState.Regional:
            case EndpointState.Errors:
                var level = state == EndpointState.Errors ? ErrorLevel.Some : ErrorLevel.Failing;
                var hit = views.Where(v => v.Errors >= level).OrderBy(v => v.Location, StringComparer.Ordinal).ToList();
                var places = string.Join(", ", hit.Select(v => $"{v.Location} {v.Failures}/{v.Samples}"));
                var failures = hit.Select(v => v.LatestFailure).OfType<ProbeObservation>().ToList();
                var verb = state == EndpointState.Errors ? "answered with some errors" : FailureWords(failures);
                return $"{component.Name} {verb} from {hit.Count} of {Counting.Of(views.Count, "location")} ({places} failed) {window}; latest probe {at} UTC.{offlineNote}";
            case EndpointState.Slow:
                var median = RobustStatistics.Median(views.Where(v => v.Slow).Select(v => v.Latest.LatencyMs).ToArray());
                var slow = views.Count(v => v.Slow);
                return $"{component.Name} answered slowly at {slow} of {Counting.Of(views.Count, "location")} (median {median:0} ms, above its usual level); latest probe {at} UTC.{offlineNote}";
            default:
                var code = latest.StatusCode is { } c ? $" ({c})" : "";
                return $"{component.Name} answered as expected{code} at {views.Count} of {Counting.Of(views.Count, "location")} {window}; latest probe {at} UTC, {latest.LatencyMs:0} ms.{offlineNote}";
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
