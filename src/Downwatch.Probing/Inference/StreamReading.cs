using System.Text;

namespace Downwatch.Probing.Inference;

/// <summary>What a wire format has read out of a stream so far; filled in event by event.</summary>
internal sealed class StreamReading
{
    public StringBuilder Content { get; } = new();

    /// <summary>Events that carried content: the token count when the provider sends no usage figures.</summary>
    public int ContentEvents { get; set; }

    public string? FinishReason { get; set; }

    /// <summary>The format's own end marker was seen ([DONE], message_stop, or a final finish reason).</summary>
    public bool Ended { get; set; }

    public int? OutputTokens { get; set; }
    public int? InputTokens { get; set; }

    /// <summary>An error the provider sent inside the stream (its raw JSON), e.g. Anthropic's overloaded_error event.</summary>
    public string? Error { get; set; }

    public void AddContent(string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            Content.Append(text);
            ContentEvents++;
        }
    }
}
