using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Downwatch.Domain.Inference;

namespace Downwatch.Probing.Inference;

/// <summary>
/// Baidu Qianfan's older ERNIE API (wenxinworkshop v1), native. The key is the application's API Key and Secret Key
/// written <c>AK:SK</c>; it is traded at <c>POST {host}/oauth/2.0/token?grant_type=client_credentials&amp;client_id=AK&amp;client_secret=SK</c>
/// for an <c>access_token</c> (<c>expires_in</c> 2592000, 30 days; a wrong key answers 401 <c>invalid_client</c>). A key
/// without a colon is taken as an access token already traded. Then <c>POST {base}/chat/{model}?access_token=…</c>, where
/// the model is the endpoint's name (<c>completions</c>, <c>completions_pro</c>, <c>ernie_speed</c>, <c>ernie-lite-8k</c> …),
/// is answered by <c>data: {"object":"chat.completion","sentence_id":0,"is_end":false,"result":"…","usage":{…}}</c> events
/// until <c>is_end</c> is true; there is no <c>[DONE]</c>, and <c>finish_reason</c> (normal, stop, length, content_filter …)
/// is missing in older streams. An error is a bare JSON body, <c>{"error_code":110,"error_msg":"Access token invalid or
/// no longer valid"}</c>, sent with status 200 instead of a stream. Baidu recommends its OpenAI-compatible v2 API (the
/// catalog's default for Qianfan, <c>openai-chat</c>); this format serves keys of the older one.
/// </summary>
internal sealed class QianfanErnieFormat : IWireFormat, ITokenExchange
{
    public string Name => "qianfan-ernie";

    public HttpRequestMessage? CreateExchange(InferenceSpec spec)
    {
        var key = spec.Secret.Reveal();
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }

        var query = $"?grant_type=client_credentials&client_id={Uri.EscapeDataString(key[..colon])}&client_secret={Uri.EscapeDataString(key[(colon + 1)..])}";
        return new HttpRequestMessage(HttpMethod.Post, new Uri(TokenEndpoint(spec.BaseUrl) + query));
    }

    /// <summary>The token endpoint sits on the API's host beside <c>/rpc/</c>: https://aip.baidubce.com/oauth/2.0/token.</summary>
    internal static string TokenEndpoint(string baseUrl)
    {
        var rpc = baseUrl.IndexOf("/rpc/", StringComparison.Ordinal);
        return (rpc >= 0 ? baseUrl[..rpc] : new Uri(baseUrl).GetLeftPart(UriPartial.Authority)) + "/oauth/2.0/token";
    }

    public TokenGrant? ReadGrant(string body)
    {
        try
        {
            using var json = WireFormats.Object(body);
            var root = json.RootElement;
            var token = WireFormats.String(root, "access_token");
            var seconds = root.TryGetProperty("expires_in", out var e) && e.TryGetInt64(out var s) && s > 0 ? s : 86_400;
            return string.IsNullOrEmpty(token) ? null : new TokenGrant(new ApiSecret(token), TimeSpan.FromSeconds(Math.Min(seconds, 90L * 86_400)));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public HttpRequestMessage CreateRequest(InferenceSpec spec, ApiSecret credential) =>
        new(HttpMethod.Post, WireFormats.Endpoint(spec.BaseUrl,
            $"/chat/{Uri.EscapeDataString(spec.Model)}?access_token={Uri.EscapeDataString(credential.Reveal())}"))
        {
            Content = JsonContent.Create(new
            {
                messages = new[] { new { role = "user", content = ProbePrompt.Text } },
                stream = true,
                max_output_tokens = ProbePrompt.MaxTokens,
            }),
        };

    public void Read(SseEvent sse, StreamReading reading)
    {
        using var json = WireFormats.Object(sse.Data);
        var root = json.RootElement;
        if (root.TryGetProperty("error_code", out _))
        {
            reading.Error = root.GetRawText();
            return;
        }

        if (WireFormats.String(root, "result") is not { } result)
        {
            throw new JsonException("an event without a result");
        }

        reading.AddContent(result);
        var usage = WireFormats.Child(root, "usage");
        reading.OutputTokens = WireFormats.Int(usage, "completion_tokens") ?? reading.OutputTokens;
        reading.InputTokens = WireFormats.Int(usage, "prompt_tokens") ?? reading.InputTokens;
        if (root.TryGetProperty("is_end", out var end) && end.ValueKind == JsonValueKind.True)
        {
            reading.Ended = true;
            // Older streams carry no finish reason: their end flag is the finish.
            reading.FinishReason = WireFormats.String(root, "finish_reason") is { Length: > 0 } finish ? finish : "is_end";
        }
    }
}
