using Downwatch.Domain.Inference;
using Downwatch.Domain.Status;

namespace Downwatch.Domain.Answers;

/// <summary>One model in the "which is healthy now" answer, by what our streamed requests measured.</summary>
public sealed record RankedModel(string Provider, string Model, ServiceStatus Status, bool Usable, double? TtftMs, double? TokensPerSecond,
    bool Slow, DateTimeOffset? LastChecked);

/// <summary>
/// "Which model should my router use now?": usable models first (answering correctly by fresh evidence), then the less
/// severe status, then not slow, then the shorter time to first token, the faster stream, and last the names, so the
/// order never depends on how the question was asked. A family (<c>claude</c>, <c>gpt-4.1</c>) keeps the models whose
/// name contains it, in any case.
/// </summary>
public static class ModelRanking
{
    public static IReadOnlyList<RankedModel> Rank(IEnumerable<ModelAssessment> models, string? family) =>
        models
            .Where(m => string.IsNullOrWhiteSpace(family) || m.Model.Contains(family.Trim(), StringComparison.OrdinalIgnoreCase))
            .Select(m => new RankedModel(m.Service, m.Model, m.Status, m.Usable, m.TtftNowMs, m.TokensPerSecondNow, m.Slow, m.LastChecked))
            .OrderByDescending(m => m.Usable)
            .ThenBy(m => m.Status == ServiceStatus.Unknown ? int.MaxValue : m.Status.Severity())
            .ThenBy(m => m.Slow)
            .ThenBy(m => m.TtftMs ?? double.MaxValue)
            .ThenByDescending(m => m.TokensPerSecond ?? 0)
            .ThenBy(m => m.Provider, StringComparer.Ordinal)
            .ThenBy(m => m.Model, StringComparer.Ordinal)
            .ToList();
}
