using Downwatch.Domain.Status;

namespace Downwatch.Domain.Inference;

/// <summary>
/// What our streamed requests say about one model of a service right now, with the usual values to compare: time to
/// first token and tokens per second now (median of the recent correct answers) and usually (median of the longer history).
/// </summary>
public sealed record ModelAssessment(
    string Service,
    string Component,
    string Model,
    ServiceStatus Status,
    int Attempts,
    int Failures,
    IReadOnlyList<string> Locations,
    IReadOnlyList<string> FailingLocations,
    string? TopFailure,
    double? TtftNowMs,
    double? TtftUsualMs,
    double? TokensPerSecondNow,
    double? TokensPerSecondUsual,
    bool Slow,
    DateTimeOffset? LastChecked,
    Evidence Evidence)
{
    /// <summary>The model answers (operational, or degraded but answering) according to fresh evidence.</summary>
    public bool Usable => Status is ServiceStatus.Operational or ServiceStatus.Degraded;
}

/// <summary>The knobs of the model rules.</summary>
public sealed record ModelRuleOptions
{
    /// <summary>Results in this window count for "now".</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>At most this many of each location's newest results count.</summary>
    public int PerLocation { get; init; } = 4;

    /// <summary>Fewest past correct answers before "slow" can be said.</summary>
    public int BaselineMinSamples { get; init; } = 6;

    /// <summary>Slow when first token takes this many times the usual, and tokens per second drop to its inverse.</summary>
    public double SlowFactor { get; init; } = 2;

    /// <summary>And beyond the usual median by this many robust standard deviations.</summary>
    public double SlowZ { get; init; } = 3;

    /// <summary>A first token is never slow within this many ms of the usual.</summary>
    public double TtftFloorMs { get; init; } = 300;

    public static readonly ModelRuleOptions Default = new();
}
