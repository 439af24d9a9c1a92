using System.Globalization;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.ErrorDiagnosis;

namespace Downwatch.Web.ErrorDiagnosis;

/// <summary>The provider's live status as it bears on one diagnosis, with the sentence that combines both.</summary>
public sealed record LiveStatus(string Status, string Diagnosis, DateTimeOffset? Since, string Sentence);

public sealed record CandidateAnswer(string Slug, string Name, double Score, IReadOnlyList<string> Reasons);

public sealed record FactsAnswer(string? RequestId, string? RetryAfter, string? Model, IReadOnlyDictionary<string, string> RateLimitHeaders);

public sealed record LinksAnswer(string? ServiceError, string? Error, string? Service);

/// <summary>
/// What the page, the API and <c>downwatch diagnose --json</c> answer: the classifier's result in catalog words,
/// combined with live status when the answer comes from a running site.
/// </summary>
public sealed record DiagnosisAnswer(
    string? Provider,
    string? ProviderName,
    string? ErrorType,
    string? ErrorTitle,
    string? ErrorSummary,
    int? HttpStatus,
    string Verdict,
    string VerdictTitle,
    string Explanation,
    LiveStatus? Live,
    string LiveSentence,
    FactsAnswer Facts,
    IReadOnlyList<CandidateAnswer> ProviderCandidates,
    IReadOnlyList<CandidateAnswer> ErrorCandidates,
    string? Shape,
    int AnalysedChars,
    int TotalChars,
    bool Truncated,
    LinksAnswer Links,
    string Confidence,
    string? WhatWouldDecide,
    bool NoHttpAnswer,
    string? Gateway,
    string? Upstream,
    string? UpstreamName)
{
    /// <summary>The sentence for a transport failure of the client's runtime, when the text holds no HTTP status.</summary>
    public const string NoHttpAnswerSentence = "No HTTP answer came back: probably your network or proxy, unless the live status shows an outage.";

    /// <summary>Builds the answer; <paramref name="live"/> is null when no live status is available.</summary>
    public static DiagnosisAnswer From(DiagnosisResult result, ServiceCatalog catalog, LiveStatus? live, string liveSentence)
    {
        var service = result.Provider is null ? null : catalog.FindService(result.Provider);
        var error = result.ErrorType is null ? null : catalog.FindError(result.ErrorType);
        var facts = new FactsAnswer(result.Facts.RequestId, result.Facts.RetryAfter, result.Facts.Model,
            result.Facts.RateLimitHeaders.GroupBy(h => h.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal));
        var links = new LinksAnswer(
            service is not null && error is not null ? $"/status/{service.Slug}/errors/{error.Slug}" : null,
            error is null ? null : $"/errors/{error.Slug}",
            service is null ? null : $"/status/{service.Slug}");
        return new DiagnosisAnswer(service?.Slug, service?.Name, error?.Slug, error?.Title, error?.Summary, result.HttpStatus,
            result.Verdict.Token(), result.Verdict.Title(), Explain(result, catalog, service, error), live, liveSentence, facts,
            [.. result.ProviderCandidates.Select(c => new CandidateAnswer(c.Slug, catalog.FindService(c.Slug)?.Name ?? c.Slug, c.Score, c.Reasons))],
            [.. result.ErrorCandidates.Select(c => new CandidateAnswer(c.Slug, catalog.FindError(c.Slug)?.Title ?? c.Slug, c.Score, c.Reasons))],
            result.Shape, result.AnalysedChars, result.TotalChars, result.Truncated, links,
            result.Confidence.Token(), result.WhatWouldDecide, result.NoHttpAnswer,
            result.Gateway, result.Upstream, result.Upstream is null ? null : catalog.FindService(result.Upstream)?.Name ?? result.Upstream);
    }

    /// <summary>"this 401", "this error": how sentences refer to the pasted error.</summary>
    public static string Label(int? status) =>
        status is { } s ? "this " + s.ToString(CultureInfo.InvariantCulture) : "this error";

    private static string Explain(DiagnosisResult result, ServiceCatalog catalog, ServiceDefinition? service, ErrorType? error)
    {
        var upstream = result.Upstream is null ? null : catalog.FindService(result.Upstream)?.Name ?? result.Upstream;
        var through = result.Gateway is { } gateway && gateway != service?.Name ? $" through {gateway}" : "";
        var from = service is null
            ? result.Gateway is { } g ? $"It came through {g}, and we could not tell which provider sent it" : "We could not tell which provider sent it"
            : upstream is not null ? $"It comes from {service.Name}, passing on an error from {upstream}"
            : $"It comes from {service.Name}{through}";
        var what = error is null
            ? result.ErrorCandidates.Count == 0 ? "and found no known error signature in it." : "and could not tell exactly which error it is; the nearest candidates are listed."
            : $"and is {error.Title}: {error.Summary}";
        var truncated = result.Truncated
            ? $" Only the first {result.AnalysedChars.ToString("N0", CultureInfo.InvariantCulture)} of {result.TotalChars.ToString("N0", CultureInfo.InvariantCulture)} characters were analysed."
            : "";
        var lead = result.NoHttpAnswer ? NoHttpAnswerSentence + " " : "";
        return $"{lead}{from}, {what}{truncated}";
    }
}
