namespace Downwatch.Domain.ErrorDiagnosis;

/// <summary>Where the cause of an error most likely lies, judged from the error text alone.</summary>
public enum Verdict
{
    /// <summary>The text is not enough to say whose side the problem is on.</summary>
    CouldNotTell,

    /// <summary>The request, key, account, quota or network of the caller (invalid key, bad request, quota, …).</summary>
    YourSide,

    /// <summary>The provider failed (5xx, overloaded, outage, maintenance).</summary>
    ProviderSide,

    /// <summary>Either side is common for this error (timeouts, network errors, content filters).</summary>
    EitherSide,
}

/// <summary>
/// How far the error type of an answer can be trusted, measured on error texts the knowledge was not written from
/// (BENCHMARKS.md reports how often each level is right).
/// </summary>
public enum DiagnosisConfidence
{
    /// <summary>No error type was named ("could not tell").</summary>
    None,

    /// <summary>Named from the family of the evidence only: an HTTP status alone, a transport failure of the runtime.</summary>
    Low,

    /// <summary>Named from a specific signature, with a runner-up not far behind or a provider not identified.</summary>
    Medium,

    /// <summary>Named from specific evidence that clearly outweighs every other candidate.</summary>
    High,
}

/// <summary>One candidate answer (a provider or an error type) with its score and the evidence behind it.</summary>
public sealed record DiagnosisCandidate(string Slug, double Score, IReadOnlyList<string> Reasons);

/// <summary>Facts read from the text: identifiers and limits a developer needs when contacting support or retrying.</summary>
public sealed record ExtractedFacts(
    string? RequestId,
    string? RetryAfter,
    string? Model,
    IReadOnlyList<KeyValuePair<string, string>> RateLimitHeaders)
{
    public static readonly ExtractedFacts None = new(null, null, null, []);
}

/// <summary>
/// The answer to "is it me or them?" for one pasted error text: which provider, which error type, the HTTP status,
/// facts, and a verdict. <see cref="Provider"/> and <see cref="ErrorType"/> are null when the evidence is too weak
/// ("could not tell"); the candidates then hold the nearest answers.
/// </summary>
public sealed record DiagnosisResult(
    string? Provider,
    string? ErrorType,
    int? HttpStatus,
    Verdict Verdict,
    ExtractedFacts Facts,
    IReadOnlyList<DiagnosisCandidate> ProviderCandidates,
    IReadOnlyList<DiagnosisCandidate> ErrorCandidates,
    string? Shape,
    int AnalysedChars,
    int TotalChars)
{
    /// <summary>How far <see cref="ErrorType"/> can be trusted; <see cref="DiagnosisConfidence.None"/> when it is null.</summary>
    public DiagnosisConfidence Confidence { get; init; }

    /// <summary>
    /// When the provider or the error type could not be told: what in the text would decide it, naming the nearest
    /// candidates, in one or two plain sentences. Null when both were told.
    /// </summary>
    public string? WhatWouldDecide { get; init; }

    /// <summary>
    /// The gateway or proxy whose wording the text carries (OpenRouter, LiteLLM, one-api/new-api), by name, or null.
    /// </summary>
    public string? Gateway { get; init; }

    /// <summary>
    /// When <see cref="Provider"/> is a gateway that passed an error on: the upstream provider the text names inside
    /// it (the provider OpenRouter routed to), or null when the text does not show one.
    /// </summary>
    public string? Upstream { get; init; }

    /// <summary>
    /// True when the error type was named from a transport failure of the client's runtime and the text holds no HTTP
    /// status: no HTTP answer came back, so the cause is most likely the caller's network or proxy unless the
    /// provider's live status shows an outage.
    /// </summary>
    public bool NoHttpAnswer { get; init; }

    /// <summary>True when only the first <see cref="AnalysedChars"/> characters of the text were analysed.</summary>
    public bool Truncated => AnalysedChars < TotalChars;

    public bool ProviderKnown => Provider is not null;
    public bool ErrorTypeKnown => ErrorType is not null;
}

public static class VerdictVocabulary
{
    /// <summary>Stable token of a confidence level used in JSON: none, low, medium, high.</summary>
    public static string Token(this DiagnosisConfidence confidence) => confidence switch
    {
        DiagnosisConfidence.Low => "low",
        DiagnosisConfidence.Medium => "medium",
        DiagnosisConfidence.High => "high",
        _ => "none",
    };

    /// <summary>Stable token used in JSON and CSS.</summary>
    public static string Token(this Verdict verdict) => verdict switch
    {
        Verdict.YourSide => "your-side",
        Verdict.ProviderSide => "provider-side",
        Verdict.EitherSide => "either-side",
        _ => "could-not-tell",
    };

    public static string Title(this Verdict verdict) => verdict switch
    {
        Verdict.YourSide => "Your side",
        Verdict.ProviderSide => "Provider side",
        Verdict.EitherSide => "Could be either side",
        _ => "Could not tell",
    };

    /// <summary>The verdict an error type's <c>side</c> (user | provider | either) stands for.</summary>
    public static Verdict FromSide(string side) => side switch
    {
        "user" => Verdict.YourSide,
        "provider" => Verdict.ProviderSide,
        "either" => Verdict.EitherSide,
        _ => Verdict.CouldNotTell,
    };
}
