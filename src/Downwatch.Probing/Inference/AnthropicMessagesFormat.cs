using System.Net.Http.Json;
using System.Text.Json;
using Downwatch.Domain.Inference;

namespace Downwatch.Probing.Inference;

/// <summary>
/// Anthropic Messages, streamed: <c>POST {base}/messages</c> with <c>x-api-key</c> and <c>anthropic-version</c>, answered by
/// named events — <c>message_start</c> (input usage), <c>content_block_start</c>, <c>ping</c>, <c>content_block_delta</c>
/// (<c>text_delta</c>), <c>content_block_stop</c>, <c>message_delta</c> (<c>stop_reason</c>, output usage) and
/// <c>message_stop</c>; an <c>error</c> event (e.g. <c>overloaded_error</c>) can come after a 200.
/// </summary>
internal sealed class AnthropicMessagesFormat : IWireFormat
{
    public string Name => "anthropic-messages";

    public HttpRequestMessage CreateRequest(InferenceSpec spec, ApiSecret credential) => new(HttpMethod.Post, WireFormats.Endpoint(spec.BaseUrl, "/messages"))
    {
        Headers = { { "x-api-key", credential.Reveal() }, { "anthropic-version", "2023-06-01" } },
        Content = JsonContent.Create(new
        {
            model = spec.Model,
            max_tokens = ProbePrompt.MaxTokens,
            stream = true,
            messages = new[] { new { role = "user", content = ProbePrompt.Text } },
        }),
    };

    public void Read(SseEvent sse, StreamReading reading)
    {
        using var json = WireFormats.Object(sse.Data);
        var root = json.RootElement;
        var type = WireFormats.String(root, "type") ?? sse.Name ?? throw new JsonException("an event without a type");
        switch (type)
        {
            case "message_start":
                var usage = WireFormats.Child(WireFormats.Child(root, "message"), "usage");
                reading.InputTokens = WireFormats.Int(usage, "input_tokens") ?? reading.InputTokens;
                break;
            case "content_block_delta":
                var delta = WireFormats.Child(root, "delta");
                if (WireFormats.String(delta, "type") == "text_delta")
                {
                    reading.AddContent(WireFormats.String(delta, "text"));
                }

                break;
            case "message_delta":
                reading.FinishReason = WireFormats.String(WireFormats.Child(root, "delta"), "stop_reason") ?? reading.FinishReason;
                reading.OutputTokens = WireFormats.Int(WireFormats.Child(root, "usage"), "output_tokens") ?? reading.OutputTokens;
                break;
            case "message_stop":
                reading.Ended = true;
                break;
            case "error":
                reading.Error = WireFormats.Child(root, "error") is { ValueKind: JsonValueKind.Object } e ? e.GetRawText() : root.GetRawText();
                break;
        }
    }
}
