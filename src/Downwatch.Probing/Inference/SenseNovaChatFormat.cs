using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Downwatch.Domain.Inference;

namespace Downwatch.Probing.Inference;

/// <summary>
/// SenseTime SenseNova's own chat API: <c>POST {base}/llm/chat-completions</c> (base https://api.sensenova.cn/v1) with
/// <c>{"model","messages","max_new_tokens","stream":true}</c> and a bearer that is, for a key written <c>AK:SK</c>, a JWT
/// (HS256; <c>iss</c> the access key id, <c>exp</c> 30 minutes ahead, <c>nbf</c> 5 seconds back) signed with the secret
/// key, else the key itself (an API key from the console). Answered by
/// <c>data:{"data":{"choices":[{"index":0,"role":"assistant","delta":"…","finish_reason":""}],"usage":{…}},"status":{"code":0,"message":"OK"}}</c>
/// events — <c>delta</c> is a string, <c>finish_reason</c> empty until the last (stop, length, tool_calls) — and
/// <c>data:[DONE]</c>. An error is <c>{"error":{"code":16,"message":"Forbidden"}}</c> with an HTTP status (401 there).
/// </summary>
internal sealed class SenseNovaChatFormat : IWireFormat
{
    private static readonly TimeProvider Clock = TimeProvider.System;

    public string Name => "sensenova-chat";

    public HttpRequestMessage CreateRequest(InferenceSpec spec, ApiSecret credential) => new(HttpMethod.Post, WireFormats.Endpoint(spec.BaseUrl, "/llm/chat-completions"))
    {
        Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Bearer(credential.Reveal(), Clock.GetUtcNow())) },
        Content = JsonContent.Create(new
        {
            model = spec.Model,
            messages = new[] { new { role = "user", content = ProbePrompt.Text } },
            max_new_tokens = ProbePrompt.MaxTokens,
            stream = true,
        }),
    };

    /// <summary>
    /// The bearer for a key: an HS256 JWT for <c>AK:SK</c>, else the key. Written here rather than with an identity library:
    /// those refuse HMAC secrets shorter than 32 bytes, and the provider's secret keys are not promised to be that long.
    /// </summary>
    internal static string Bearer(string key, DateTimeOffset now)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return key;
        }

        var seconds = now.ToUnixTimeSeconds();
        var header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);
        var claims = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new { iss = key[..colon], exp = seconds + 1800, nbf = seconds - 5 }));
        var signed = header + "." + claims;
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key[(colon + 1)..]), Encoding.ASCII.GetBytes(signed));
        return signed + "." + Base64Url.EncodeToString(signature);
    }

    public void Read(SseEvent sse, StreamReading reading)
    {
        if (WireFormats.Done(sse, reading))
        {
            return;
        }

        using var json = WireFormats.Object(sse.Data);
        var root = json.RootElement;
        if (root.TryGetProperty("error", out _) || WireFormats.Int(WireFormats.Child(root, "status"), "code") is not (null or 0))
        {
            reading.Error = root.GetRawText();
            return;
        }

        var data = WireFormats.Child(root, "data");
        var choices = WireFormats.Child(data, "choices");
        if (choices.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("an event without a choices list");
        }

        foreach (var choice in choices.EnumerateArray())
        {
            reading.AddContent(WireFormats.String(choice, "delta"));
            reading.FinishReason = WireFormats.String(choice, "finish_reason") is { Length: > 0 } finish ? finish : reading.FinishReason;
        }

        var usage = WireFormats.Child(data, "usage");
        reading.OutputTokens = WireFormats.Int(usage, "completion_tokens") ?? reading.OutputTokens;
        reading.InputTokens = WireFormats.Int(usage, "prompt_tokens") ?? reading.InputTokens;
    }
}
