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

    public static readonly EngineOptions Default = new();
}
