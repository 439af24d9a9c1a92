using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Status;

namespace Downwatch.Domain.Replay;

/// <summary>One point of a replayed timeline: the service's assessment at <see cref="At"/>.</summary>
public sealed record ReplayFrame(DateTimeOffset At, ServiceAssessment Assessment);

/// <summary>
/// Feeds a timeline of observations through the real status engine under a replay clock and returns the
/// assessments each time a service's or component's status, diagnosis or confidence changes.
/// </summary>
public static class ReplayRunner
{
    public static IReadOnlyList<ReplayFrame> Run(ServiceCatalog catalog, SignalSet timeline, DateTimeOffset start,
        DateTimeOffset end, TimeSpan step, EngineOptions? options = null)
    {
        if (step <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(step), "The replay step must be positive.");
        }

        var clock = new ReplayClock(start);
        var engine = new StatusEngine(clock, options);
        var instants = Instants(timeline, start, end, step);
        var frames = new List<ReplayFrame>();
        var previous = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var instant in instants)
        {
            clock.Now = instant;
            foreach (var assessment in engine.AssessAll(catalog, timeline))
            {
                var key = Fingerprint(assessment);
                if (!previous.TryGetValue(assessment.Service, out var before) || before != key)
                {
                    previous[assessment.Service] = key;
                    frames.Add(new ReplayFrame(instant, assessment));
                }
            }
        }

        return frames;
    }

    private static SortedSet<DateTimeOffset> Instants(SignalSet timeline, DateTimeOffset start, DateTimeOffset end, TimeSpan step)
    {
        var instants = new SortedSet<DateTimeOffset>();
        for (var t = start; t <= end; t += step)
        {
            instants.Add(t);
        }

        instants.Add(end);
        foreach (var at in timeline.Probes.Select(p => p.At)
            .Concat(timeline.Official.Select(o => o.At))
            .Concat(timeline.Reports.Select(r => r.At))
            .Concat(timeline.LocationChecks.Select(c => c.At)))
        {
            if (at >= start && at <= end)
            {
                instants.Add(at);
            }
        }

        return instants;
    }

    private static string Fingerprint(ServiceAssessment a) =>
        $"{a.Status}/{a.Diagnosis}/{a.Confidence}|" +
        string.Join(",", a.Components.Select(c => $"{c.Component}:{c.Status}/{c.Diagnosis}/{c.Confidence}"));

    private sealed class ReplayClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
