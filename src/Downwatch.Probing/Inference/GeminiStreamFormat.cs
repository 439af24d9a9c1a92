using System.Net.Http.Json;
using System.Text.Json;
using Downwatch.Domain.Inference;

namespace Downwatch.Probing.Inference;

/// <summary>
/// Google Gemini <c>streamGenerateContent</c> as server-sent events: <c>POST {base}/models/{model}:streamGenerateContent?alt=sse</c>
/// with <c>x-goog-api-key</c>, answered by <c>data: {"candidates":[{"content":{"parts":[{"text":"…"}],"role":"model"}}]}</c>
/// events; the last candidate carries <c>finishReason</c> (STOP, MAX_TOKENS, SAFETY, …) and <c>usageMetadata</c>. There is
/// no end marker: the final finish reason is the end.
/// </summary>
internal sealed class GeminiStreamFormat : IWireFormat
{
    public string Name => "gemini-stream";

    public HttpRequestMessage CreateRequest(InferenceSpec spec, ApiSecret credential) =>
        new(HttpMethod.Post, WireFormats.Endpoint(spec.BaseUrl, $"/models/{Uri.EscapeDataString(spec.Model)}:streamGenerateContent?alt=sse"))
        {
            Headers = { { "x-goog-api-key", credential.Reveal() } },
            Content = JsonContent.Create(new
            {
                contents = new[] { new { role = "user", parts = new[] { new { text = ProbePrompt.Text } } } },
                generationConfig = new { maxOutputTokens = ProbePrompt.MaxTokens },
            }),
        };

    public void Read(SseEvent sse, StreamReading reading)
    {
        using var json = WireFormats.Object(sse.Data);
        var root = json.RootElement;
        if (root.TryGetProperty("error", out var error))
        {
            reading.Error = error.GetRawText();
            return;
        }

        if (root.TryGetProperty("candidates", out var candidates))
        {
            if (candidates.ValueKind != JsonValueKind.Array)
            {
                throw new JsonException("candidates is not a list");
            }

            foreach (var candidate in candidates.EnumerateArray())
            {
                var parts = WireFormats.Child(WireFormats.Child(candidate, "content"), "parts");
                if (parts.ValueKind == JsonValueKind.Array)
                {
                    foreach (var part in parts.EnumerateArray().Where(p => !p.TryGetProperty("thought", out var t) || t.ValueKind != JsonValueKind.True))
                    {
                        reading.AddContent(WireFormats.String(part, "text"));
                    }
                }

                if (WireFormats.String(candidate, "finishReason") is { } finish)
                {
                    reading.FinishReason = finish;
                    reading.Ended = true;
                }
            }
        }
        else if (!root.TryGetProperty("usageMetadata", out _) && !root.TryGetProperty("promptFeedback", out _))
        {
            throw new JsonException("an event with neither candidates nor usage");
        }

        var usage = WireFormats.Child(root, "usageMetadata");
        reading.OutputTokens = WireFormats.Int(usage, "candidatesTokenCount") ?? reading.OutputTokens;
        reading.InputTokens = WireFormats.Int(usage, "promptTokenCount") ?? reading.InputTokens;
        if (root.TryGetProperty("promptFeedback", out var feedback) && WireFormats.String(feedback, "blockReason") is { } blocked)
        {
            reading.FinishReason = blocked;
            reading.Ended = true;
        }
    }
}
