namespace Downwatch.Domain.ErrorDiagnosis;

/// <summary>
/// How much each kind of evidence counts, and how much is needed for an answer. Provider and error type are scored
/// separately; an answer needs <see cref="ProviderThreshold"/> (or <see cref="ErrorThreshold"/>) and a lead of
/// <see cref="Lead"/> over the runner-up, otherwise the result says "could not tell" and lists the candidates.
/// </summary>
internal static class EvidenceWeights
{
    public const double ProviderThreshold = 2.25;
    public const double ErrorThreshold = 2.0;
    public const double Lead = 1.0;

    /// <summary>Candidates within this share of the best one are "near" when agreeing on a side without an error type.</summary>
    public const double NearShare = 0.6;

    /// <summary>
    /// A platform that serves other makers' models (SiliconFlow, Groq, Bedrock, Vertex AI, OpenRouter), named in the
    /// text by its name or host: the model and maker names beside it ("deepseek r1", "Claude") are what it serves, so
    /// they count this share for their makers.
    /// </summary>
    public const double ServedNameShare = 0.5;

    public static bool ServesOtherMakersModels(string category) =>
        category is "inference-platform" or "cloud-ai-platform" or "router-gateway";

    /// <summary>All signature evidence for one provider together counts at most this much.</summary>
    public const double ProviderSignatureCap = 4.5;

    /// <summary>The identifier kinds, in the order of a tally's slots.</summary>
    public static readonly string[] IdentifierKinds = ["host", "key-prefix", "shape", "name", "sdk", "model", "gateway"];

    public static double Identifier(string kind) => kind switch
    {
        "host" => 6,
        "key-prefix" => 4,
        "shape" => 3,
        "name" => 2.5,
        "sdk" => 1.5,
        "model" => 2.5,
        // A gateway's own wording ("Provider returned error") outweighs the upstream's name and signatures it carries
        // inside: the error is the gateway's, passing the upstream's on.
        "gateway" => 7.5,
        _ => 0,
    };

    /// <summary>
    /// Provider evidence of a provider's own signature: long messages identify a provider, "Unknown error" does not.
    /// Split between the providers that share the same text.
    /// </summary>
    public static double ProviderSignature(string kind, string text, int sharedBy)
    {
        var weight = kind switch
        {
            "message" => Math.Clamp(InformationLength(text) / 8.0, 1, 3),
            _ when IsBareNumber(text) => 0,
            _ when text.All(char.IsAsciiDigit) => 0.75,
            _ when (text.Contains('_', StringComparison.Ordinal) || text.Contains('.', StringComparison.Ordinal)
                || text.Count(char.IsAsciiLetterUpper) >= 2) && text.Length >= 12 => 2.5,
            _ when text.Contains('_', StringComparison.Ordinal) || text.Contains('.', StringComparison.Ordinal)
                || text.Count(char.IsAsciiLetterUpper) >= 2 || text.Length >= 12 => 2,
            _ => 1,
        };
        return weight / Math.Max(1, sharedBy);
    }

    /// <summary>
    /// A bare number of up to three digits (Baidu's 1, 2, 18; MiniMax's and Zhipu's 1002) means different things per
    /// provider: it names no provider, and counts for an error type only once its provider is known.
    /// </summary>
    public static bool IsBareNumber(string text) => text.Length <= 4 && text.All(char.IsAsciiDigit);

    /// <summary>Length with a Chinese (or other non-ASCII) character counted as three: it carries a word, not a letter.</summary>
    private static int InformationLength(string text) => text.Sum(c => c < 128 ? 1 : 3);

    /// <summary>How a reason names the kind of evidence it saw, in plain words.</summary>
    public static string KindLabel(string kind) => kind switch
    {
        "transport" => "no HTTP answer: the client reported",
        "exception" => "exception",
        "status" => "status",
        "header" => "header",
        "code" => "code",
        _ => "message",
    };

    /// <summary>Error-type evidence of a matched signature.</summary>
    public static double ErrorSignature(string kind, string text, bool generic) => kind switch
    {
        "message" => IsPhrase(text) ? 3 : 2,
        "code" => generic ? 1.5 : 3,
        "exception" => 2,
        "transport" => 3,
        "status" => 2.5,
        "header" => 1,
        _ => 1,
    };

    /// <summary>
    /// A message of several words: with a space, or four Chinese (or other non-ASCII) characters, which write a phrase
    /// without spaces ("请检查您的账单").
    /// </summary>
    private static bool IsPhrase(string text) =>
        text.Contains(' ', StringComparison.Ordinal) || text.Count(c => c >= 128) >= 4;

    /// <summary>
    /// Class-level evidence says only which family of errors this is: the HTTP status, canonical statuses
    /// (INVALID_ARGUMENT) and generic type names (invalid_request_error). Specific evidence (a provider's code or
    /// message, an exception class) names the error itself.
    /// </summary>
    public static bool IsClassLevel(string kind, bool generic, string error, string text) =>
        kind == "status" || (generic && kind == "code") || (kind is "code" or "exception" && IsCatchAll(error))
        || (generic && kind == "message" && IsCatchAll(error)) || (kind == "code" && StatusTypeNames.Contains(text))
        || (kind == "message" && WrapperMessages.Contains(text));

    /// <summary>
    /// A client's words that say only that a stream broke and pass the cause on after a colon (Codex's "stream
    /// disconnected before completion: error sending request for url …"): alone they name an interrupted stream, but
    /// the cause outweighs them (5 of 6 dev texts name the cause's type).
    /// </summary>
    private static readonly HashSet<string> WrapperMessages = new(StringComparer.OrdinalIgnoreCase)
    {
        "stream disconnected before completion",
    };

    /// <summary>
    /// Anthropic's error type names, one per HTTP status (docs.anthropic.com/en/api/errors), which other APIs copy: they
    /// restate the status, so a message naming the condition ("The engine is currently overloaded" under
    /// rate_limit_error) outweighs them.
    /// </summary>
    private static readonly HashSet<string> StatusTypeNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "invalid_request_error", "authentication_error", "permission_error", "not_found_error", "rate_limit_error",
        "api_error", "overloaded_error",
    };

    /// <summary>
    /// The catch-all error types: a code or exception class that names one ("InvalidParameter", "BadRequestError",
    /// Anthropic's "api_error"), or a generic message for one ("参数错误"), says only that the request was refused or
    /// failed, so a message naming the actual condition ("Range of input length should be", "insufficient balance")
    /// outweighs it.
    /// </summary>
    public static bool IsCatchAll(string error) => error is "invalid-request" or "internal-server-error";

    /// <summary>Class-level evidence counts this much once any error type has specific evidence.</summary>
    public const double ClassLevelShareWhenSpecific = 0.5;

    /// <summary>A signature of the provider the text was identified as counts a little more than a generic one.</summary>
    public const double OwnProviderFactor = 1.25;

    /// <summary>How much a signature of another provider than the one identified still counts.</summary>
    public static double OtherProviderFactor(string kind) => kind == "message" ? 0.6 : 0.3;

    public const double PrimaryStatus = 2;
    public const double SecondaryStatus = 1;
    public const double ProviderStatus = 2;
    public const double FieldCode = 3;
    public const double UnattributedFieldCode = 1;

    /// <summary>Lead over the runner-up, and specific evidence, that an error type needs to be named with high confidence.</summary>
    public const double HighLead = 2.5;
    public const double HighSpecific = 3;

    /// <summary>
    /// Confidence of a named error type: low when only class-level evidence (an HTTP status, a generic type name) named
    /// it; high when specific evidence clearly outweighs the runner-up and nothing specific in the text points to
    /// another error type (a MiniMax balance message in an Anthropic-shaped 500, a quota phrase next to a rate-limit
    /// link); medium otherwise.
    /// </summary>
    public static DiagnosisConfidence Confidence(Tally error, double lead, double rivalSpecific) =>
        !error.HasSpecific ? DiagnosisConfidence.Low
        : lead >= HighLead && error.Specific >= HighSpecific && rivalSpecific < RivalTolerance ? DiagnosisConfidence.High
        : DiagnosisConfidence.Medium;

    /// <summary>
    /// How much a runtime's transport-failure words still count when the text also shows an HTTP status (and then only
    /// as class-level evidence): an answer came back, so "fetch failed" is the wrapper's wording, not the cause.
    /// </summary>
    public const double TransportWithStatusFactor = 0.25;

    /// <summary>Evidence an upstream provider needs, inside a gateway's error, to be named as the upstream.</summary>
    public const double UpstreamFloor = 1.0;

    /// <summary>Specific evidence for another error type below this much is noise, not a conflict.</summary>
    public const double RivalTolerance = 1;
}
