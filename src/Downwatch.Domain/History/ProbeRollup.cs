using Downwatch.Domain.Observations;

namespace Downwatch.Domain.History;

/// <summary>
/// An hour or a day of one endpoint's probe results at one location, in a few dozen bytes: how many probes, how
/// many failed and of which kind, and the latency distribution of the healthy answers. History older than the
/// raw results is kept only in this form.
/// </summary>
public sealed record ProbeRollup(
    string Service,
    string Component,
    string Endpoint,
    string Location,
    DateTimeOffset Start,
    int Probes,
    int Degraded,
    int Failures,
    IReadOnlyDictionary<string, int> FailureKinds,
    LatencyHistogram Latency)
{
    public const string UnknownKind = "other";

    /// <summary>Time to first token (ms) of the correct answers of a streamed-request (inference) endpoint; empty otherwise.</summary>
    public LatencyHistogram FirstToken { get; init; } = new();

    /// <summary>Tokens per second of those answers, in the same histogram form; empty for other endpoints.</summary>
    public LatencyHistogram TokenRate { get; init; } = new();

    public static DateTimeOffset HourOf(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerHour, TimeSpan.Zero);

    public static DateTimeOffset DayOf(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerDay, TimeSpan.Zero);

    /// <summary>Probe results folded into one rollup per endpoint, location and hour.</summary>
    public static IReadOnlyList<ProbeRollup> Hourly(IEnumerable<ProbeObservation> probes) =>
        probes
            .GroupBy(p => (p.Service, p.Component, p.Endpoint, p.Location, Hour: HourOf(p.At)))
            .Select(g =>
            {
                var latency = new LatencyHistogram();
                var (firstToken, tokenRate) = (new LatencyHistogram(), new LatencyHistogram());
                var kinds = new SortedDictionary<string, int>(StringComparer.Ordinal);
                int probes = 0, degraded = 0, failures = 0;
                foreach (var p in g)
                {
                    probes++;
                    switch (p.Outcome)
                    {
                        case ProbeOutcome.Up:
                            latency.Add(p.LatencyMs);
                            if (p.Details?.TtftMs is { } ttft)
                            {
                                firstToken.Add(ttft);
                            }

                            if (p.Details?.TokensPerSecond is { } rate)
                            {
                                tokenRate.Add(rate);
                            }

                            break;
                        case ProbeOutcome.Degraded:
                            degraded++;
                            break;
                        default:
                            failures++;
                            var kind = p.ErrorKind ?? UnknownKind;
                            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
                            break;
                    }
                }

                return new ProbeRollup(g.Key.Service, g.Key.Component, g.Key.Endpoint, g.Key.Location, g.Key.Hour,
                    probes, degraded, failures, kinds, latency) { FirstToken = firstToken, TokenRate = tokenRate };
            })
            .ToList();

    /// <summary>Hourly rollups added up into one per endpoint, location and day.</summary>
    public static IReadOnlyList<ProbeRollup> Daily(IEnumerable<ProbeRollup> hourly) =>
        hourly
            .GroupBy(r => (r.Service, r.Component, r.Endpoint, r.Location, Day: DayOf(r.Start)))
            .Select(g => Sum(g.Key.Service, g.Key.Component, g.Key.Endpoint, g.Key.Location, g.Key.Day, g))
            .ToList();

    private static ProbeRollup Sum(string service, string component, string endpoint, string location, DateTimeOffset start,
        IEnumerable<ProbeRollup> parts)
    {
        var latency = new LatencyHistogram();
        var (firstToken, tokenRate) = (new LatencyHistogram(), new LatencyHistogram());
        var kinds = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int probes = 0, degraded = 0, failures = 0;
        foreach (var part in parts)
        {
            probes += part.Probes;
            degraded += part.Degraded;
            failures += part.Failures;
            latency.Add(part.Latency);
            firstToken.Add(part.FirstToken);
            tokenRate.Add(part.TokenRate);
            foreach (var (kind, count) in part.FailureKinds)
            {
                kinds[kind] = kinds.GetValueOrDefault(kind) + count;
            }
        }

        return new ProbeRollup(service, component, endpoint, location, start, probes, degraded, failures, kinds, latency)
        {
            FirstToken = firstToken,
            TokenRate = tokenRate,
        };
    }
}
