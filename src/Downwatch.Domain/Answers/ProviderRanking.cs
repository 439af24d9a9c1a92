using Downwatch.Domain.Status;

namespace Downwatch.Domain.Answers;

/// <summary>One provider in the "which is healthy now" answer: whether a gateway may use it, and why it ranks where it does.</summary>
public sealed record RankedProvider(string Provider, ServiceStatus Status, bool Usable, Confidence Confidence, double? LatencyMs, DateTimeOffset? LastChecked);

/// <summary>
/// "Which provider should my router use now?", decided here once. Usable means our evidence says it answers (operational,
/// or degraded but answering); a provider not checked recently is never usable, whatever it was before. Usable ones
/// come first; among equals the less severe status, the better-evidenced, then the faster (median latency of its
/// latest correct answers) and, last, the name, so the order never depends on how the question was asked.
/// </summary>
public static class ProviderRanking
{
    public static bool IsUsable(ServiceAssessment assessment) => assessment.Status is ServiceStatus.Operational or ServiceStatus.Degraded;

    /// <param name="healthyLatenciesMs">Latencies of the provider's latest correct answers, one per endpoint and location.</param>
    public static RankedProvider Of(string provider, ServiceAssessment assessment, IEnumerable<double> healthyLatenciesMs)
    {
        var sorted = healthyLatenciesMs.Order().ToList();
        double? median = sorted.Count == 0 ? null
            : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
            : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        return new RankedProvider(provider, assessment.Status, IsUsable(assessment), assessment.Confidence, median, assessment.LastChecked);
    }

    public static IReadOnlyList<RankedProvider> Rank(IEnumerable<RankedProvider> providers) =>
        providers
            .OrderByDescending(p => p.Usable)
            .ThenBy(p => p.Status == ServiceStatus.Unknown ? int.MaxValue : p.Status.Severity())
            .ThenByDescending(p => p.Confidence)
            .ThenBy(p => p.LatencyMs ?? double.MaxValue)
            .ThenBy(p => p.Provider, StringComparer.Ordinal)
            .ToList();
}
