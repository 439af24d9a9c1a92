using Downwatch.Domain.Observations;

namespace Downwatch.Domain.Status;

/// <summary>How much of an endpoint's recent traffic fails at one location.</summary>
public enum ErrorLevel
{
    None,

    /// <summary>The failure rate passed <see cref="EngineOptions.ErrorsEnterRate"/>: some requests fail.</summary>
    Some,

    /// <summary>The failure rate passed <see cref="EngineOptions.FailingEnterRate"/>: the endpoint is failing here.</summary>
    Failing,
}

/// <summary>What one location currently sees of one endpoint, after hysteresis and dwell.</summary>
public sealed record LocationView(
    string Location,
    ErrorLevel Errors,
    bool Slow,
    int Samples,
    int Failures,
    ProbeObservation Latest,
    ProbeObservation? LatestFailure,
    bool OnlineNow)
{
    public double FailureRate => Samples == 0 ? 0 : (double)Failures / Samples;
}

/// <summary>
/// Pure state machine for one endpoint at one location, walked over its results in time order: the failure rate of
/// the latest <see cref="EngineOptions.RateSamples"/> results inside <see cref="EngineOptions.Window"/> (a retry is
/// one more result) enters a level at its enter threshold and leaves it below its lower leave threshold, never
/// sooner than <see cref="EngineOptions.MinDwell"/> after the last change; slowness is k of the last n correct
/// answers above the slow line, with the same dwell. Deterministic: the same results give the same view.
/// </summary>
public static class LocationWalk
{
    /// <param name="ordered">The location's counted results, oldest first, reaching one <see cref="EngineOptions.Window"/>
    /// further back than <see cref="EngineOptions.Lookback"/>: the walk starts at the lookback with full windows.</param>
    /// <param name="slowAbove">Latency above which a correct answer is slow.</param>
    public static (ErrorLevel Errors, bool Slow, int Samples, int Failures) Walk(
        IReadOnlyList<ProbeObservation> ordered, double slowAbove, DateTimeOffset now, EngineOptions options)
    {
        var walkFrom = now - options.Lookback;
        var level = ErrorLevel.None;
        var levelSince = DateTimeOffset.MinValue;
        var slow = false;
        var slowSince = DateTimeOffset.MinValue;
        var samples = 0;
        var failures = 0;
        for (var i = 0; i <= ordered.Count; i++)
        {
            // One step per result, and a last one at now: results age out of the window with time alone.
            var at = i < ordered.Count ? ordered[i].At : now;
            if (at < walkFrom)
            {
                continue; // only fills the windows of the first steps
            }

            var end = i < ordered.Count ? i : ordered.Count - 1;
            (samples, failures, var slowCount, var answers) = Count(ordered, end, at, slowAbove, options);

            var target = Target(level, samples, failures, options);
            if (target > level || (target < level && at - levelSince >= options.MinDwell))
            {
                level = target;
                levelSince = at;
            }

            var slowTarget = slow ? slowCount > options.SlowLeaveCount : answers > 0 && slowCount >= options.SlowEnterCount;
            if ((slowTarget && !slow) || (!slowTarget && slow && at - slowSince >= options.MinDwell))
            {
                slow = slowTarget;
                slowSince = at;
            }
        }

        return (level, slow, samples, failures);
    }

    /// <summary>The level the rate asks for from <paramref name="current"/>: enter thresholds to go up, leave
    /// thresholds to stay.</summary>
    public static ErrorLevel Target(ErrorLevel current, int samples, int failures, EngineOptions options)
    {
        if (samples == 0)
        {
            return ErrorLevel.None;
        }

        var rate = (double)failures / samples;
        var confirmed = failures >= options.ConfirmFailures;
        var failing = current == ErrorLevel.Failing ? rate >= options.FailingLeaveRate : confirmed && rate >= options.FailingEnterRate;
        if (failing)
        {
            return ErrorLevel.Failing;
        }

        var some = current >= ErrorLevel.Some ? rate >= options.ErrorsLeaveRate : confirmed && rate >= options.ErrorsEnterRate;
        return some ? ErrorLevel.Some : ErrorLevel.None;
    }

    private static (int Samples, int Failures, int Slow, int Answers) Count(IReadOnlyList<ProbeObservation> ordered, int end,
        DateTimeOffset at, double slowAbove, EngineOptions options)
    {
        var from = at - options.Window;
        int samples = 0, failures = 0, slow = 0, answers = 0;
        for (var j = end; j >= 0 && ordered[j].At > from; j--)
        {
            var r = ordered[j];
            if (samples < options.RateSamples)
            {
                samples++;
                failures += r.Outcome == ProbeOutcome.Down ? 1 : 0;
            }

            if (r.Outcome != ProbeOutcome.Down && answers < options.LatencySamples)
            {
                answers++;
                slow += r.Outcome == ProbeOutcome.Degraded || r.LatencyMs > slowAbove ? 1 : 0;
            }

            if (samples >= options.RateSamples && answers >= options.LatencySamples)
            {
                break;
            }
        }

        return (samples, failures, slow, answers);
    }
}
