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
    /// <summary>Failing now, or stopped less than <see cref="EngineOptions.MinDwell"/> ago.</summary>
    public bool RecentlyFailing { get; init; }

    /// <summary>Since when the location has seen <see cref="Errors"/>, and what it saw before.</summary>
    public DateTimeOffset Since { get; init; }

    public ErrorLevel Before { get; init; }

    public double FailureRate => Samples == 0 ? 0 : (double)Failures / Samples;
}

/// <summary>What the latest results of one location say, at one step of its walk.</summary>
/// <param name="Samples">Results in the rate window (the latest <see cref="EngineOptions.RateSamples"/> inside
/// <see cref="EngineOptions.Window"/>).</param>
/// <param name="RecentSamples">The newest half of them.</param>
/// <param name="FailedRun">How many of the latest results failed in a row.</param>
public readonly record struct RateWindow(int Samples, int Failures, int RecentSamples, int RecentFailures, int FailedRun)
{
    public double Rate => Samples == 0 ? 0 : (double)Failures / Samples;
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
    /// <returns>The view now, the rate window now, when the location last stopped seeing the endpoint failing, and
    /// since when it has seen the current level (with the level before it).</returns>
    public static (ErrorLevel Errors, bool Slow, RateWindow Window, DateTimeOffset? LeftFailingAt, DateTimeOffset Since, ErrorLevel Before) Walk(
        IReadOnlyList<ProbeObservation> ordered, double slowAbove, DateTimeOffset now, EngineOptions options)
    {
        var walkFrom = now - options.Lookback;
        var level = ErrorLevel.None;
        var before = ErrorLevel.None;
        var levelSince = DateTimeOffset.MinValue;
        DateTimeOffset? leftFailing = null;
        var slow = false;
        var slowSince = DateTimeOffset.MinValue;
        var window = default(RateWindow);
        var failedRun = 0;
        for (var i = 0; i <= ordered.Count; i++)
        {
            // One step per result, and a last one at now: results age out of the window with time alone.
            var isResult = i < ordered.Count;
            var at = isResult ? ordered[i].At : now;
            if (isResult)
            {
                failedRun = ordered[i].Outcome == ProbeOutcome.Down ? failedRun + 1 : 0;
            }

            if (at < walkFrom)
            {
                continue; // only fills the windows of the first steps
            }

            var end = isResult ? i : ordered.Count - 1;
            var run = end >= 0 && at - ordered[end].At < options.Window ? failedRun : 0;
            (window, var slowCount, var answers) = Count(ordered, end, at, run, slowAbove, options);
            var target = Target(level, window, options);
            if (target > level || (target < level && at - levelSince >= options.MinDwell))
            {
                if (level == ErrorLevel.Failing)
                {
                    leftFailing = at;
                }

                before = level;
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

        return (level, slow, window, leftFailing, levelSince, before);
    }

    /// <summary>
    /// The level the results ask for from <paramref name="current"/>. Up: "some errors" at
    /// <see cref="EngineOptions.ErrorsEnterRate"/> with at least <see cref="EngineOptions.MinFailures"/> failures;
    /// "failing" at <see cref="EngineOptions.FailingEnterRate"/> over the window or over its newest half (so a
    /// failure rate that starts suddenly is called failing at once, not "some errors" first), or with
    /// <see cref="EngineOptions.ConfirmFailures"/> failed in a row (a probe and its retry) — these two only from no
    /// errors: once some errors are seen, only the whole window's rate makes them failing. Staying: the leave
    /// thresholds. Easing from failing lands on "some errors" only when that level's enter rule still holds, so a
    /// recovery is one change, not two.
    /// </summary>
    public static ErrorLevel Target(ErrorLevel current, RateWindow w, EngineOptions options)
    {
        if (w.Samples == 0)
        {
            return ErrorLevel.None;
        }

        var enough = w.Failures >= options.MinFailures;
        var recentRate = w.RecentSamples == 0 ? 0 : (double)w.RecentFailures / w.RecentSamples;
        // From "some errors", only the whole window's rate escalates: short bursts are what intermittent errors look like.
        var failing = current switch
        {
            ErrorLevel.Failing => w.Rate >= options.FailingLeaveRate,
            ErrorLevel.Some => enough && w.Rate >= options.FailingEnterRate,
            _ => (enough && w.Rate >= options.FailingEnterRate)
                || (w.RecentFailures >= options.MinFailures && recentRate >= options.FailingEnterRate)
                || w.FailedRun >= options.ConfirmFailures,
        };
        if (failing)
        {
            return ErrorLevel.Failing;
        }

        var some = current == ErrorLevel.Some ? w.Rate >= options.ErrorsLeaveRate : enough && w.Rate >= options.ErrorsEnterRate;
        return some ? ErrorLevel.Some : ErrorLevel.None;
    }

    private static (RateWindow Window, int Slow, int Answers) Count(IReadOnlyList<ProbeObservation> ordered, int end,
        DateTimeOffset at, int failedRun, double slowAbove, EngineOptions options)
    {
        var from = at - options.Window;
        var recentLimit = (options.RateSamples + 1) / 2;
        int samples = 0, failures = 0, recentFailures = 0, slow = 0, answers = 0;
        for (var j = end; j >= 0 && ordered[j].At > from; j--)
        {
            var r = ordered[j];
            if (samples < options.RateSamples)
            {
                samples++;
                var failed = r.Outcome == ProbeOutcome.Down ? 1 : 0;
                failures += failed;
                recentFailures += samples <= recentLimit ? failed : 0;
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

        return (new RateWindow(samples, failures, Math.Min(samples, recentLimit), recentFailures, failedRun), slow, answers);
    }
}
