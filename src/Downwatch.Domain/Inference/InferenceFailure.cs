namespace Downwatch.Domain.Inference;

/// <summary>
/// The error kinds of an inference probe. Transport kinds (dns, connect, tls, timeout) are shared with the HTTP probe;
/// the rest say how a generation failed, including the "200 but broken" ones, each its own kind.
/// </summary>
public static class InferenceFailure
{
    public const string Overloaded = "overloaded";
    public const string RateLimited = "rate-limited";
    public const string ServerError = "http-5xx";
    public const string KeyRefused = "key-refused";
    public const string ModelNotFound = "model-not-found";
    public const string BadRequest = "bad-request";
    public const string NotAStream = "not-a-stream";
    public const string StreamError = "stream-error";
    public const string EmptyContent = "empty-content";
    public const string MalformedStream = "malformed-stream";
    public const string MissingFinish = "missing-finish";
    public const string WrongAnswer = "wrong-answer";
    public const string StreamCut = "stream-cut";
    public const string Stalled = "stream-stalled";
    public const string FirstTokenTimeout = "first-token-timeout";
    public const string Timeout = "timeout";
    public const string TooLarge = "stream-too-large";

    /// <summary>Kinds that say something about our own key or request, not about the provider's health: they never
    /// count against a model.</summary>
    public static bool IsOurs(string? kind) => kind is KeyRefused or BadRequest;

    /// <summary>How a page names a kind.</summary>
    public static string Describe(string? kind) => kind switch
    {
        null => "answered correctly",
        Overloaded => "overloaded",
        RateLimited => "rate limited",
        ServerError => "server error",
        KeyRefused => "our key was refused",
        ModelNotFound => "model not found",
        BadRequest => "request refused as invalid",
        NotAStream => "answered without a stream",
        StreamError => "error inside the stream",
        EmptyContent => "200 with empty content",
        MalformedStream => "200 with a malformed stream",
        MissingFinish => "stream ended without a finish",
        WrongAnswer => "200 with a wrong answer",
        StreamCut => "stream cut off",
        Stalled => "stream stalled",
        FirstTokenTimeout => "no first token in time",
        Timeout => "timed out",
        TooLarge => "stream larger than allowed",
        "dns" => "host name did not resolve",
        "connect" => "could not connect",
        "tls" => "TLS failed",
        _ => kind,
    };
}
