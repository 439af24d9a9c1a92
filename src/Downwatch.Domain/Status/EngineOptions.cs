namespace Downwatch.Domain.Status;

/// <summary>The knobs of the status rules; defaults follow docs/methodology and the methodology page.</summary>
public sealed record EngineOptions
{
    /// <summary>Rolling window of probe results that count.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A location's results are stale after this many probe intervals without a new one.</summary>
    public int StaleAfterIntervals { get; init; } = 3;

    /// <summary>Consecutive failures before a location sees an endpoint as failing (confirm-before-flip).</summary>
    public int ConfirmFailures { get; init; } = 2;

    /// <summary>Consecutive successes before a failing location sees the endpoint as recovered.</summary>
    public int ConfirmRecoveries { get; init; } = 2;

    /// <summary>How long a vendor status read stays fresh.</summary>
    public TimeSpan OfficialFreshness { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Window in which community reports are counted.</summary>
    public TimeSpan ReportWindow { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Fewest distinct reporters that can ever make a spike.</summary>
    public int MinDistinctReporters { get; init; } = 5;

    /// <summary>Robust z-score above the baseline that counts as a spike.</summary>
    public double ReportSpikeZ { get; init; } = 3;

    /// <summary>Weeks of history used for hour-of-week baselines.</summary>
    public int BaselineWeeks { get; init; } = 4;

    /// <summary>Fewest past latency samples before "slow" can be said.</summary>
    public int LatencyMinSamples { get; init; } = 20;

    /// <summary>A response is never called slow when it is within this many ms of the usual median.</summary>
    public double LatencyFloorMs { get; init; } = 250;

    /// <summary>How far back the rules read raw probe results, location checks and vendor reads (older probe
    /// history reaches them only as rollups), with a few minutes to spare.</summary>
    public TimeSpan RecentSignals => (Window > OfficialFreshness ? Window : OfficialFreshness) + TimeSpan.FromMinutes(5);

    /// <summary>How far back community reports are read: the baseline weeks and one more day.</summary>
    public TimeSpan ReportHistory => TimeSpan.FromDays(7 * BaselineWeeks + 1);

    /// <summary>What is wrong with these settings, each naming its key under Status:Engine; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Check(bool ok, string key, string rule)
        {
            if (!ok)
            {
                problems.Add($"Status:Engine:{key} {rule}.");
            }
        }

        Check(Window >= TimeSpan.FromMinutes(1) && Window <= TimeSpan.FromHours(6), nameof(Window), "must be between 00:01:00 and 06:00:00");
        Check(StaleAfterIntervals is >= 1 and <= 100, nameof(StaleAfterIntervals), "must be between 1 and 100");
        Check(ConfirmFailures is >= 1 and <= 20, nameof(ConfirmFailures), "must be between 1 and 20");
        Check(ConfirmRecoveries is >= 1 and <= 20, nameof(ConfirmRecoveries), "must be between 1 and 20");
        Check(OfficialFreshness >= TimeSpan.FromMinutes(1) && OfficialFreshness <= TimeSpan.FromHours(6), nameof(OfficialFreshness), "must be between 00:01:00 and 06:00:00");
        Check(ReportWindow >= TimeSpan.FromMinutes(1) && ReportWindow <= TimeSpan.FromHours(6), nameof(ReportWindow), "must be between 00:01:00 and 06:00:00");
        Check(MinDistinctReporters is >= 1 and <= 10_000, nameof(MinDistinctReporters), "must be between 1 and 10000");
        Check(ReportSpikeZ is > 0 and <= 100, nameof(ReportSpikeZ), "must be above 0 and at most 100");
        Check(BaselineWeeks is >= 1 and <= 4, nameof(BaselineWeeks), "must be between 1 and 4 (hourly rollups are kept 35 days)");
        Check(LatencyMinSamples is >= 1 and <= 100_000, nameof(LatencyMinSamples), "must be between 1 and 100000");
        Check(LatencyFloorMs is >= 0 and <= 60_000, nameof(LatencyFloorMs), "must be between 0 and 60000");
        return problems;
    }

    public static readonly EngineOptions Default = new();
}
