using System.Globalization;
using Downwatch.Domain.Inference;
using Downwatch.Domain.Observations;

namespace Downwatch.Probing.Inference;

/// <summary>A judged generation: its outcome, failure kind (null when right) and one sentence.</summary>
internal sealed record Judged(ProbeOutcome Outcome, string? Kind, string Detail);

/// <summary>What an inference answer means: an error status by what it carries, a 200 by what its stream held.</summary>
internal static class InferenceAnswer
{
    /// <summary>A status that is not 2xx, with the error type its body carried (errors.yaml slug) if any.</summary>
    public static Judged ForStatus(int status, string? recognized)
    {
        var carried = recognized is null ? "" : $" carrying {recognized}";
        var (outcome, kind) = Refusal(status, recognized) ?? (ProbeOutcome.Degraded, InferenceFailure.NotAStream);
        return new Judged(outcome, kind, $"answered {status}{carried}: {InferenceFailure.Describe(kind)}");
    }

    /// <summary>What an error status or a recognised error body says; null for a 2xx with no error recognised.</summary>
    private static (ProbeOutcome, string)? Refusal(int status, string? recognized) => (status, recognized) switch
    {
        (529 or 503, _) or (_, "service-unavailable") => (ProbeOutcome.Down, InferenceFailure.Overloaded),
        (_, "authentication-failed" or "permission-denied" or "quota-exceeded") or (401 or 402 or 403, _) =>
            (ProbeOutcome.Degraded, InferenceFailure.KeyRefused),
        (_, "model-not-found") or (404, _) => (ProbeOutcome.Down, InferenceFailure.ModelNotFound),
        (_, "rate-limit-exceeded") or (429, _) => (ProbeOutcome.Degraded, InferenceFailure.RateLimited),
        ( >= 500, _) => (ProbeOutcome.Down, InferenceFailure.ServerError),
        ( >= 400, _) => (ProbeOutcome.Degraded, InferenceFailure.BadRequest),
        (_, not null) => (ProbeOutcome.Down, InferenceFailure.StreamError),
        _ => null,
    };

    /// <summary>An error event inside a 200 stream.</summary>
    public static Judged ForStreamError(string? recognized, int tokens)
    {
        var kind = recognized == "service-unavailable" ? InferenceFailure.Overloaded : InferenceFailure.StreamError;
        var carried = recognized is null ? "" : $" carrying {recognized}";
        return new Judged(ProbeOutcome.Down, kind, $"answered 200, then sent an error{carried} after {tokens} tokens");
    }

    /// <summary>A 200 whose body held no event at all.</summary>
    public static Judged ForNoEvents(string raw, string? recognized)
    {
        var text = raw.TrimStart();
        return text.Length == 0 ? new Judged(ProbeOutcome.Degraded, InferenceFailure.EmptyContent, "answered 200 with an empty body")
            : text.StartsWith('<') ? new Judged(ProbeOutcome.Degraded, InferenceFailure.NotAStream, "answered 200 with an HTML page instead of an event stream")
            // Some providers (Baidu's older API) send their errors this way: judged as the same error with its status would be.
            : Refusal(200, recognized) is var (outcome, kind)
                ? new Judged(outcome, kind, $"answered 200 with an error body carrying {recognized} instead of a stream: {InferenceFailure.Describe(kind)}")
            : new Judged(ProbeOutcome.Degraded, InferenceFailure.MalformedStream, "answered 200 but the body is not an event stream");
    }

    /// <summary>A stream that ended cleanly (or at its end marker): was it complete and right?</summary>
    public static Judged ForStream(StreamReading reading, double? ttftMs, double? tokensPerSecond, int tokens)
    {
        var content = reading.Content.ToString();
        if (!reading.Ended)
        {
            return new Judged(ProbeOutcome.Down, InferenceFailure.StreamCut, $"the stream ended after {tokens} tokens without its end marker");
        }

        if (reading.FinishReason is null)
        {
            return new Judged(ProbeOutcome.Degraded, InferenceFailure.MissingFinish, $"the stream ended after {tokens} tokens without a finish reason");
        }

        if (content.Trim().Length == 0)
        {
            return new Judged(ProbeOutcome.Degraded, InferenceFailure.EmptyContent, $"answered 200 and finished ({reading.FinishReason}) with no content");
        }

        if (ProbePrompt.Judge(content) is { } wrong)
        {
            return new Judged(ProbeOutcome.Degraded, InferenceFailure.WrongAnswer, $"finished ({reading.FinishReason}) with a wrong answer: {wrong}");
        }

        var speed = tokensPerSecond is { } tps ? $", {tps.ToString("0.#", CultureInfo.InvariantCulture)} tokens/s" : "";
        var first = ttftMs is { } t ? $", first token after {t.ToString("0", CultureInfo.InvariantCulture)} ms" : "";
        return new Judged(ProbeOutcome.Up, null, $"answered correctly in {tokens} tokens ({reading.FinishReason}){first}{speed}");
    }
}
