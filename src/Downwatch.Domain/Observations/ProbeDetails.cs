namespace Downwatch.Domain.Observations;

/// <summary>What a probe measured beyond its outcome: the timing breakdown, TLS facts and body signals.</summary>
public sealed record ProbeDetails
{
    public double? DnsMs { get; init; }
    public double? ConnectMs { get; init; }
    public double? TlsMs { get; init; }
    public double? TtfbMs { get; init; }
    public string? TlsProtocol { get; init; }
    public string? TlsIssuer { get; init; }
    public int? TlsDaysLeft { get; init; }
    public string? ContentType { get; init; }

    /// <summary>Error type (errors.yaml slug) whose signature the body carried, e.g. authentication-failed.</summary>
    public string? RecognizedError { get; init; }

    public int Redirects { get; init; }

    /// <summary>One plain sentence on what happened, e.g. "answered 401 with invalid_api_key as expected".</summary>
    public string? Detail { get; init; }

    /// <summary>Inference probes: the model asked (also in the endpoint id, <c>model:NAME</c>).</summary>
    public string? Model { get; init; }

    /// <summary>Inference probes: ms from sending the request to the first token of content.</summary>
    public double? TtftMs { get; init; }

    /// <summary>Inference probes: output tokens per second after the first token.</summary>
    public double? TokensPerSecond { get; init; }

    /// <summary>Inference probes: output tokens (the provider's usage figure when it sent one, else a count of content events).</summary>
    public int? OutputTokens { get; init; }

    /// <summary>Inference probes: input tokens as the provider reported them.</summary>
    public int? InputTokens { get; init; }

    /// <summary>Inference probes: the finish reason the stream ended with (stop, end_turn, STOP, length, …).</summary>
    public string? FinishReason { get; init; }

    /// <summary>Unique id of this result, so a batch sent twice is stored once.</summary>
    public string? ResultId { get; init; }
}
