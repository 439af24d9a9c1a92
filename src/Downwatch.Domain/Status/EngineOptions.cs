namespace Downwatch.Domain.Status;

/// <summary>The knobs of the status rules; defaults follow docs/methodology and the methodology page.</summary>
public sealed record EngineOptions
{
    /// <summary>Rolling window of probe results that count.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A location's results are stale after this many probe intervals without a new one.</summary>
    public int StaleAfterIntervals { get; init; } = 3;

    /// <summary>At most this many of a location's latest results (inside <see cref="Window"/>) make its failure rate.</summary>
    public int RateSamples { get; init; } = 10;

    /// <summary>This many results failed in a row (a probe and its retry) make a location see the endpoint failing at once.</summary>
    public int ConfirmFailures { get; init; } = 2;

    /// <summary>Fewest failed results in the rate window before a rate counts at all (one or two odd probes never do).</summary>
    public int MinFailures { get; init; } = 3;

    /// <summary>A failure rate at or above this makes a location see "some errors" (Degraded)...</summary>
    public double ErrorsEnterRate { get; init; } = 0.2;

    /// <summary>...and it keeps seeing them until the rate falls below this (hysteresis).</summary>
    public double ErrorsLeaveRate { get; init; } = 0.1;

    /// <summary>A failure rate at or above this makes a location see the endpoint failing (an outage at a quorum)...</summary>
    public double FailingEnterRate { get; init; } = 0.5;

    /// <summary>...until the rate falls below this.</summary>
    public double FailingLeaveRate { get; init; } = 0.2;

    /// <summary>A location's view of an endpoint never eases (failing to errors, errors to healthy, slow to fast)
    /// sooner than this after it last changed; it worsens at once.</summary>
    public TimeSpan MinDwell { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Slowness: of a location's last <see cref="LatencySamples"/> correct answers in the window...</summary>
    public int LatencySamples { get; init; } = 5;

    /// <summary>...this many slow ones make it slow...</summary>
    public int SlowEnterCount { get; init; } = 3;

    /// <summary>...and it stays slow until at most this many are.</summary>
    public int SlowLeaveCount { get; init; } = 1;

    /// <summary>Before an endpoint has a learned baseline, an answer is slow above this multiple of the catalog's
    /// expected latency (and at least <see cref="LatencyFloorMs"/> above it).</summary>
    public double ColdStartSlowFactor { get; init; } = 1.5;

    /// <summary>How far back a location's results are walked to know its current view (hysteresis and dwell
    /// remember what came before the window).</summary>
    public TimeSpan Lookback => Window * 3;

    /// <summary>How long a vendor status read stays fresh.</summary>
    public TimeSpan OfficialFreshness { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a problem the vendor reported in its last read stays on the page, marked "last reported",
    /// after its feed stops being read.</summary>
    public TimeSpan OfficialLastReported { get; init; } = TimeSpan.FromHours(1);

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
    public TimeSpan RecentSignals => (Lookback + Window > OfficialLastReported ? Lookback + Window : OfficialLastReported) + TimeSpan.FromMinutes(5);

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
        Check(RateSamples is >= 2 and <= 1000, nameof(RateSamples), "must be between 2 and 1000");
        Check(ConfirmFailures is >= 1 and <= 20, nameof(ConfirmFailures), "must be between 1 and 20");
        Check(MinFailures >= 1 && MinFailures <= RateSamples, nameof(MinFailures), "must be between 1 and RateSamples");
        Check(ErrorsLeaveRate is >= 0 and <= 1 && ErrorsLeaveRate <= ErrorsEnterRate && ErrorsEnterRate is > 0 and <= 1,
            nameof(ErrorsEnterRate), "must be above 0 and at most 1, and not below ErrorsLeaveRate (at least 0)");
        Check(FailingLeaveRate is >= 0 and <= 1 && FailingLeaveRate <= FailingEnterRate && FailingEnterRate is > 0 and <= 1
            && FailingEnterRate >= ErrorsEnterRate, nameof(FailingEnterRate),
            "must be above 0 and at most 1, not below ErrorsEnterRate, and not below FailingLeaveRate (at least 0)");
        Check(MinDwell >= TimeSpan.Zero && MinDwell <= TimeSpan.FromHours(1), nameof(MinDwell), "must be between 00:00:00 and 01:00:00");
        Check(LatencySamples is >= 1 and <= 100, nameof(LatencySamples), "must be between 1 and 100");
        Check(SlowEnterCount >= 1 && SlowEnterCount <= LatencySamples, nameof(SlowEnterCount), "must be between 1 and LatencySamples");
        Check(SlowLeaveCount >= 0 && SlowLeaveCount < SlowEnterCount, nameof(SlowLeaveCount), "must be at least 0 and below SlowEnterCount");
        Check(ColdStartSlowFactor is >= 1 and <= 100, nameof(ColdStartSlowFactor), "must be between 1 and 100");
        Check(OfficialFreshness >= TimeSpan.FromMinutes(1) && OfficialFreshness <= TimeSpan.FromHours(6), nameof(OfficialFreshness), "must be between 00:01:00 and 06:00:00");
        Check(OfficialLastReported >= OfficialFreshness && OfficialLastReported <= TimeSpan.FromHours(24), nameof(OfficialLastReported), "must be between OfficialFreshness and 1.00:00:00");
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
