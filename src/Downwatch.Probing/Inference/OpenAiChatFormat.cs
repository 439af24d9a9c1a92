using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Downwatch.Domain.Inference;

namespace Downwatch.Probing.Inference;

/// <summary>
/// OpenAI-compatible chat completions, streamed: <c>POST {base}/chat/completions</c> with <c>"stream": true</c>, answered by
/// <c>data: {"object":"chat.completion.chunk","choices":[{"delta":{"content":"…"},"finish_reason":null}]}</c> events, a
/// last choice with <c>finish_reason</c>, a usage chunk with empty <c>choices</c> (asked for by <c>stream_options</c>) and
/// <c>data: [DONE]</c>. Spoken by OpenAI, DeepSeek, Moonshot, Zhipu v4, DashScope compatible mode, Groq, Together,
/// OpenRouter, Qianfan v2 and SenseNova's compatible mode, among others; an error comes as <c>data: {"error":{…}}</c>.
/// </summary>
internal sealed class OpenAiChatFormat : IWireFormat
{
    public string Name => "openai-chat";

    public HttpRequestMessage CreateRequest(InferenceSpec spec, ApiSecret credential) => new(HttpMethod.Post, WireFormats.Endpoint(spec.BaseUrl, "/chat/completions"))
    {
        Headers = { Authorization = new AuthenticationHeaderValue("Bearer", credential.Reveal()) },
        Content = JsonContent.Create(new
        {
            model = spec.Model,
            messages = new[] { new { role = "user", content = ProbePrompt.Text } },
            max_tokens = ProbePrompt.MaxTokens,
            stream = true,
            stream_options = new { include_usage = true },
        }),
    };

    public void Read(SseEvent sse, StreamReading reading)
    {
        if (WireFormats.Done(sse, reading))
        {
            return;
        }

        using var json = WireFormats.Object(sse.Data);
        var root = json.RootElement;
        if (root.TryGetProperty("error", out var error))
        {
            reading.Error = error.GetRawText();
            return;
        }

        if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("a chunk without a choices list");
        }

        foreach (var choice in choices.EnumerateArray())
        {
            reading.AddContent(WireFormats.String(WireFormats.Child(choice, "delta"), "content"));
            reading.FinishReason = WireFormats.String(choice, "finish_reason") ?? reading.FinishReason;
        }

        var usage = WireFormats.Child(root, "usage");
        reading.OutputTokens = WireFormats.Int(usage, "completion_tokens") ?? reading.OutputTokens;
        reading.InputTokens = WireFormats.Int(usage, "prompt_tokens") ?? reading.InputTokens;
    }
}
