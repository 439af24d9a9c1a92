using Downwatch.Domain.Status;

namespace Downwatch.Domain.Replay;

/// <summary>How the status rules did on one scenario, minute by minute.</summary>
/// <param name="Detected">Null when there was nothing to detect.</param>
/// <param name="DelayMinutes">From the problem's start to the first minute at or above the expected status.</param>
/// <param name="FalseMinutes">Minutes above Operational outside the problem (and its recovery allowance), plus, where
/// nothing was to be detected, every minute above Operational.</param>
/// <param name="Changes">Changes of the service's status over the run.</param>
/// <param name="GlobalHeadlines">Minutes that said "global outage — not you" where that was not allowed.</param>
/// <param name="LagMinutes">When the provider first posted, minus when we first detected (positive: we were first).</param>
/// <param name="Failures">What broke the expectation; empty when it held.</param>
public sealed record ScenarioResult(
    Scenario Scenario,
    bool? Detected,
    double? DelayMinutes,
    int FalseMinutes,
    int Changes,
    int GlobalHeadlines,
    double? LagMinutes,
    ServiceStatus Worst,
    IReadOnlyList<string> Failures)
{
    public bool Passed => Failures.Count == 0;
}

/// <summary>Runs a scenario through the real status engine once a minute and scores it against its expectation.</summary>
public static class ScenarioScore
{
    /// <summary>After the problem ends, a status may take this long to come back: the window plus the dwell.</summary>
    public static TimeSpan RecoveryAllowance(EngineOptions options) => options.Window + options.MinDwell + TimeSpan.FromMinutes(2);

    /// <summary>Before "at least" is demanded: a window for the rate (or k of n for latency) to form, and a dwell.</summary>
    public static TimeSpan Settle(EngineOptions options) => options.Window + options.MinDwell;

    /// <summary>The service's assessment at every minute of the scenario.</summary>
    public static IReadOnlyList<(double Minute, ServiceAssessment Assessment)> Trace(Scenario scenario, EngineOptions? options = null)
    {
        var clock = new ManualClock(scenario.Start);
        var engine = new StatusEngine(clock, options ?? EngineOptions.Default);
        var statuses = new List<(double Minute, ServiceAssessment Assessment)>();
        for (var m = 0.0; m <= scenario.Minutes; m++)
        {
            clock.Now = scenario.Start + TimeSpan.FromMinutes(m);
            statuses.Add((m, engine.AssessAll(ScenarioTimeline.Catalog, scenario.Signals)[0]));
        }

        return statuses;
    }

    public static ScenarioResult Run(Scenario scenario, EngineOptions? options = null)
    {
        options ??= EngineOptions.Default;
        var statuses = Trace(scenario, options);

        var expect = scenario.Expect;
        var failures = new List<string>();
        var allowance = RecoveryAllowance(options).TotalMinutes;
        bool InProblem(double m) => scenario.ProblemFrom is { } from && scenario.ProblemUntil is { } until && m >= from && m < until + allowance;
        var nothingToDetect = expect.Least == ServiceStatus.Operational;
        var falseMinutes = statuses.Count(s => s.Assessment.Status.Severity() > ServiceStatus.Operational.Severity()
            && (nothingToDetect || !InProblem(s.Minute)));
        var changes = statuses.Zip(statuses.Skip(1)).Count(p => p.First.Assessment.Status != p.Second.Assessment.Status);
        var globals = expect.GlobalAllowed ? 0 : statuses.Count(s => s.Assessment.Diagnosis == Diagnosis.GlobalOutage);
        var worst = statuses.Select(s => s.Assessment.Status).Aggregate(ServiceStatus.Unknown, StatusVocabulary.Worst);

        bool? detected = null;
        double? delay = null;
        double? lag = null;
        if (!nothingToDetect && scenario.ProblemFrom is { } start && scenario.ProblemUntil is { } end)
        {
            var first = statuses.FirstOrDefault(s => s.Minute >= start && s.Minute < end + allowance
                && AtLeast(s.Assessment.Status, expect.Least));
            detected = first.Assessment is not null;
            delay = detected == true ? first.Minute - start : null;
            if (detected != true)
            {
                failures.Add($"never reached {expect.Least} during the problem");
            }

            var settled = start + Settle(options).TotalMinutes;
            var short_ = end - start <= Settle(options).TotalMinutes;
            if (!short_ && statuses.Any(s => s.Minute >= settled && s.Minute < end && !AtLeast(s.Assessment.Status, expect.Least)))
            {
                failures.Add($"fell below {expect.Least} during the problem after {Settle(options).TotalMinutes:0} minutes");
            }

            if (scenario.VendorPostedAt is { } posted && detected == true)
            {
                lag = posted - first.Minute;
            }
        }

        if (falseMinutes > 0 && (nothingToDetect ? expect.Most == ServiceStatus.Operational : true))
        {
            failures.Add($"{falseMinutes} minute(s) above operational outside the problem");
        }

        if (worst.Severity() > expect.Most.Severity())
        {
            failures.Add($"reached {worst}, above the expected {expect.Most}");
        }

        if (changes > expect.MaxChanges)
        {
            failures.Add($"{changes} status changes, more than {expect.MaxChanges}");
        }

        if (globals > 0)
        {
            failures.Add($"{globals} minute(s) said 'global outage' without a quorum or the provider agreeing");
        }

        return new ScenarioResult(scenario, detected, delay, falseMinutes, changes, globals, lag, worst, failures);
    }

    private static bool AtLeast(ServiceStatus status, ServiceStatus least) =>
        least == ServiceStatus.Maintenance ? status == ServiceStatus.Maintenance : status.Severity() >= least.Severity();

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
