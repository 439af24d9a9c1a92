using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Downwatch.TestSupport;

/// <summary>
/// A real Kestrel server on 127.0.0.1 that speaks the providers' streaming wire formats as their API references show
/// them — OpenAI-compatible chat completions (<c>/{mode}/v1/chat/completions</c>), Anthropic Messages
/// (<c>/{mode}/v1/messages</c>), Gemini <c>streamGenerateContent?alt=sse</c> (<c>/{mode}/v1beta/models/{model}:…</c>), Baidu's
/// older ERNIE API with its token exchange (<c>/{mode}/oauth/2.0/token</c>, <c>/{mode}/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/{model}</c>)
/// and SenseNova's own chat API (<c>/{mode}/v1/llm/chat-completions</c>, checking its JWT) — in a healthy mode and in the
/// ways providers fail. The mode is the first path segment, so one base URL per mode.
/// The mode <c>switch</c> answers as <see cref="SwitchMode"/> says at the time of the request.
/// </summary>
public sealed class FakeProviders : IAsyncDisposable
{
    public const string Healthy = "healthy";
    public static readonly string[] Modes =
    [
        Healthy, "overloaded", "stalled", "slow-first", "drip", "truncated", "malformed", "wrong", "empty", "html", "huge-event",
        "bad-utf8", "no-finish", "error-event", "key-refused", "gone",
    ];

    private static readonly string[] Numbers = Enumerable.Range(1, 12).Select(i => (i == 1 ? "" : " ") + i).ToArray();
    private readonly WebApplication _app;

    private FakeProviders(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>What <c>switch</c> answers as right now.</summary>
    public string SwitchMode { get; set; } = Healthy;

    /// <summary>Delay before the first token in <c>slow-first</c> mode.</summary>
    public TimeSpan SlowFirstToken { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Requests received, per path.</summary>
    public ConcurrentDictionary<string, int> Requests { get; } = new(StringComparer.Ordinal);

    /// <summary>The credentials received (Authorization, x-api-key, x-goog-api-key headers; Baidu's <c>client_id:client_secret</c>
    /// and <c>access_token</c>), for checking what was sent.</summary>
    public ConcurrentBag<string> Credentials { get; } = [];

    /// <summary>SenseNova access key ids and the secret keys their JWTs must be signed with.</summary>
    public ConcurrentDictionary<string, string> SenseNovaKeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Baidu access tokens handed out and not revoked.</summary>
    private readonly ConcurrentDictionary<string, bool> _baiduTokens = new(StringComparer.Ordinal);

    /// <summary>Every Baidu access token handed out stops working, as when it expires or is revoked.</summary>
    public void RevokeBaiduTokens() => _baiduTokens.Clear();

    public int TotalRequests => Requests.Values.Sum();

    /// <summary>The base URL of one format in one mode, as the catalog's <c>inference.base_url</c> would hold it.</summary>
    public string BaseUrl(string format, string mode) => format switch
    {
        "gemini-stream" => $"http://127.0.0.1:{Port}/{mode}/v1beta",
        "qianfan-ernie" => $"http://127.0.0.1:{Port}/{mode}/rpc/2.0/ai_custom/v1/wenxinworkshop",
        _ => $"http://127.0.0.1:{Port}/{mode}/v1",
    };

    public static async Task<FakeProviders> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeProviders? self = null;
        app.MapPost("/{mode}/v1/chat/completions", (HttpContext c, string mode) => self!.Serve(c, mode, OpenAi));
        app.MapPost("/{mode}/v1/messages", (HttpContext c, string mode) => self!.Serve(c, mode, Anthropic));
        app.MapPost("/{mode}/v1beta/models/{call}", (HttpContext c, string mode) => self!.Serve(c, mode, Gemini));
        app.MapPost("/{mode}/oauth/2.0/token", (HttpContext c, string mode) => self!.BaiduToken(c, mode));
        app.MapPost("/{mode}/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/{model}", (HttpContext c, string mode) => self!.Serve(c, mode, Baidu, self.BaiduRefusal));
        app.MapPost("/{mode}/v1/llm/chat-completions", (HttpContext c, string mode) => self!.Serve(c, mode, SenseNova, self.SenseNovaRefusal));
        await app.StartAsync();
        self = new FakeProviders(app, new Uri(app.Urls.First()).Port);
        return self;
    }

    /// <summary>Baidu's token endpoint: an access token for any client id and secret, except in the key-refused mode.</summary>
    private async Task BaiduToken(HttpContext context, string mode)
    {
        Requests.AddOrUpdate(context.Request.Path, 1, (_, n) => n + 1);
        var query = context.Request.Query;
        Credentials.Add($"{query["client_id"]}:{query["client_secret"]}");
        context.Response.ContentType = "application/json";
        if (mode == "key-refused" || query["grant_type"] != "client_credentials")
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("""{"error_description":"unknown client id","error":"invalid_client"}""", context.RequestAborted);
            return;
        }

        var token = $"24.{Guid.NewGuid():N}.2592000.1733300000.282335-1";
        _baiduTokens[token] = true;
        await context.Response.WriteAsync($$"""{"access_token":"{{token}}","expires_in":2592000}""", context.RequestAborted);
    }

    /// <summary>A token Baidu does not know is answered 200 with error 110, like every error of that API.</summary>
    private (int, string)? BaiduRefusal(HttpContext context)
    {
        var token = context.Request.Query["access_token"].ToString();
        Credentials.Add(token);
        return _baiduTokens.ContainsKey(token) ? null : (200, """{"error_code":110,"error_msg":"Access token invalid or no longer valid"}""");
    }

    /// <summary>A bearer that looks like a JWT must be one signed with a known key's secret, within its lifetime; any
    /// other bearer is taken as an API key.</summary>
    private (int, string)? SenseNovaRefusal(HttpContext context)
    {
        var bearer = context.Request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal);
        if (bearer.Count(c => c == '.') != 2)
        {
            return null;
        }

        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler();
        var issuer = handler.CanReadToken(bearer) ? handler.ReadJsonWebToken(bearer).Issuer : "";
        var valid = SenseNovaKeys.TryGetValue(issuer, out var secret) && handler.ValidateTokenAsync(bearer, new Microsoft.IdentityModel.Tokens.TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidateAudience = false,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.Zero,
            IssuerSigningKey = new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)),
            ValidAlgorithms = ["HS256"],
        }).GetAwaiter().GetResult().IsValid;
        return valid ? null : (401, """{"error": {"code": 16, "message": "Forbidden"}}""");
    }

    private async Task Serve(HttpContext context, string mode, Shape shape, Func<HttpContext, (int Status, string Body)?>? refusal = null)
    {
        Requests.AddOrUpdate(context.Request.Path, 1, (_, n) => n + 1);
        foreach (var header in new[] { "Authorization", "x-api-key", "x-goog-api-key" })
        {
            if (context.Request.Headers.TryGetValue(header, out var value))
            {
                Credentials.Add(value.ToString());
            }
        }

        mode = mode == "switch" ? SwitchMode : mode;
        var response = context.Response;
        var ct = context.RequestAborted;
        if (refusal?.Invoke(context) is var (refusedStatus, refusedBody))
        {
            response.StatusCode = refusedStatus;
            response.ContentType = "application/json";
            await response.WriteAsync(refusedBody, ct);
            return;
        }

        switch (mode)
        {
            case "overloaded":
                response.StatusCode = shape.OverloadStatus;
                response.ContentType = "application/json";
                await response.WriteAsync(shape.OverloadBody, ct);
                return;
            case "key-refused":
                response.StatusCode = shape.KeyRefusedStatus;
                response.ContentType = "application/json";
                await response.WriteAsync(shape.KeyRefusedBody, ct);
                return;
            case "gone":
                response.StatusCode = shape.NotFoundStatus;
                response.ContentType = "application/json";
                await response.WriteAsync(shape.NotFoundBody, ct);
                return;
            case "empty":
                response.ContentType = "text/event-stream";
                return;
            case "html":
                response.ContentType = "text/html";
                await response.WriteAsync("<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>", ct);
                return;
        }

        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await response.StartAsync(ct);
        async Task Send(string text)
        {
            await response.WriteAsync(text, ct);
            await response.Body.FlushAsync(ct);
        }

        foreach (var opening in shape.Opening)
        {
            await Send(opening);
        }

        if (mode == "slow-first")
        {
            await Task.Delay(SlowFirstToken, ct);
        }

        var tokens = mode == "wrong" ? ["1", " 2", " 3"] : Numbers;
        for (var i = 0; i < tokens.Length; i++)
        {
            await Send(shape.Token(tokens[i]));
            await Task.Delay(TimeSpan.FromMilliseconds(3), ct);
            if (mode == "stalled" && i == 2)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            }

            if (mode == "truncated" && i == 4)
            {
                return;
            }

            if (mode == "malformed" && i == 3)
            {
                await Send("data: {\"choices\":[{\"delta\":{\"content\":\"5\"}\n\n");
                await Send("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":\n\n");
                return;
            }

            if (mode == "bad-utf8" && i == 3)
            {
                await response.Body.WriteAsync(new byte[] { 0x64, 0x61, 0x74, 0x61, 0x3a, 0x20, 0xC3, 0x28, 0xFF, 0x0A, 0x0A }, ct);
                await response.Body.FlushAsync(ct);
                return;
            }

            if (mode == "huge-event" && i == 3)
            {
                var chunk = Encoding.ASCII.GetBytes("data: " + new string('x', 64 * 1024));
                for (var n = 0; n < 16 * 1024 && !ct.IsCancellationRequested; n++) // up to 1 GB, never a newline
                {
                    await response.Body.WriteAsync(chunk, ct);
                }

                return;
            }

            if (mode == "error-event" && i == 2)
            {
                await Send(shape.StreamError);
                return;
            }
        }

        if (mode == "drip")
        {
            for (var n = 0; n < 10_000; n++)
            {
                await Send(shape.Token(" 12"));
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }

        foreach (var closing in mode == "no-finish" ? shape.ClosingWithoutFinish : shape.Closing)
        {
            await Send(closing);
        }
    }

    private static string Data(string json) => $"data: {json}\n\n";

    private static string Named(string name, string json) => $"event: {name}\ndata: {json}\n\n";

    private sealed record Shape(
        string[] Opening,
        Func<string, string> Token,
        string[] Closing,
        string[] ClosingWithoutFinish,
        int OverloadStatus,
        string OverloadBody,
        string KeyRefusedBody,
        string NotFoundBody,
        string StreamError,
        int KeyRefusedStatus = 401,
        int NotFoundStatus = 404);

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    // Shapes from the OpenAI API reference (chat.completion.chunk, stream_options.include_usage).
    private static readonly Shape OpenAi = new(
        [Data("""{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1733300000,"model":"gpt-4.1-mini","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}""")],
        t => Data($$"""{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1733300000,"model":"gpt-4.1-mini","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"content":{{Json(t)}}},"logprobs":null,"finish_reason":null}],"usage":null}"""),
        [
            Data("""{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1733300000,"model":"gpt-4.1-mini","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}"""),
            Data("""{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1733300000,"model":"gpt-4.1-mini","system_fingerprint":"fp_1","choices":[],"usage":{"prompt_tokens":27,"completion_tokens":23,"total_tokens":50}}"""),
            "data: [DONE]\n\n",
        ],
        ["data: [DONE]\n\n"],
        503,
        """{"error":{"message":"The engine is currently overloaded, please try again later","type":"server_error","param":null,"code":null}}""",
        """{"error":{"message":"Incorrect API key provided: sk-test. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""",
        """{"error":{"message":"The model `gpt-0` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}""",
        Data("""{"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}}"""));

    // Shapes from Anthropic's Messages streaming reference (named events, ping, overloaded_error).
    private static readonly Shape Anthropic = new(
        [
            Named("message_start", """{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":28,"output_tokens":1}}}"""),
            Named("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
            Named("ping", """{"type": "ping"}"""),
        ],
        t => Named("content_block_delta", $$$"""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":{{{Json(t)}}}}}"""),
        [
            Named("content_block_stop", """{"type":"content_block_stop","index":0}"""),
            Named("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":26}}"""),
            Named("message_stop", """{"type":"message_stop"}"""),
        ],
        [
            Named("content_block_stop", """{"type":"content_block_stop","index":0}"""),
            Named("message_stop", """{"type":"message_stop"}"""),
        ],
        529,
        """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""",
        """{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}""",
        """{"type":"error","error":{"type":"not_found_error","message":"model: claude-0"}}""",
        Named("error", """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"""));

    // Shapes from the Gemini API reference (GenerateContentResponse as SSE with alt=sse).
    private static readonly Shape Gemini = new(
        [],
        t => Data($$$"""{"candidates": [{"content": {"parts": [{"text": {{{Json(t)}}}}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 20,"totalTokenCount": 20},"modelVersion": "gemini-2.5-flash"}"""),
        [Data("""{"candidates": [{"content": {"parts": [{"text": ""}],"role": "model"},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 20,"candidatesTokenCount": 24,"totalTokenCount": 44},"modelVersion": "gemini-2.5-flash"}""")],
        [Data("""{"usageMetadata": {"promptTokenCount": 20,"candidatesTokenCount": 24,"totalTokenCount": 44},"modelVersion": "gemini-2.5-flash"}""")],
        503,
        """{"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}""",
        """{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}""",
        """{"error":{"code":404,"message":"models/gemini-0 is not found for API version v1beta, or is not supported for generateContent.","status":"NOT_FOUND"}}""",
        Data("""{"error":{"code":500,"message":"An internal error has occurred. Please retry or try a different model.","status":"INTERNAL"}}"""));

    // Shapes from captures of Baidu's wenxinworkshop v1 stream (no [DONE]: is_end ends it; usage on every event) and its
    // error table (errors as a bare JSON body with status 200). An error event inside a stream was not seen in captures;
    // SDKs check every event for error_code, so the fake sends one in the error-event mode.
    private static string BaiduEvent(string result, bool end, int completion) =>
        Data($$$"""{"id":"as-vb0m37ti8y","object":"chat.completion","created":1733300000,"sentence_id":{{{completion}}},"is_end":{{{(end ? "true" : "false")}}},"is_truncated":false,"result":{{{Json(result)}}},"need_clear_history":false,"finish_reason":"normal","usage":{"prompt_tokens":27,"completion_tokens":{{{completion}}},"total_tokens":{{{27 + completion}}}}}""");

    private static readonly Shape Baidu = new(
        [],
        t => BaiduEvent(t, false, 2),
        [BaiduEvent("", true, 23)],
        [],
        200,
        """{"error_code":2,"error_msg":"Service temporarily unavailable"}""",
        """{"error_code":110,"error_msg":"Access token invalid or no longer valid"}""",
        """{"error_code":3,"error_msg":"Unsupported openapi method"}""",
        Data("""{"error_code":336000,"error_msg":"Internal error"}"""),
        KeyRefusedStatus: 200,
        NotFoundStatus: 200);

    // Shapes from SenseNova stream captures ("data:" without a space, delta a string, status per event, [DONE]) and its
    // error table (gRPC-like codes: 16 → 401, 5 → 404; 14 → 503 is inferred from that table, not seen).
    private static string SenseNovaEvent(string delta, string finish, int completion) =>
        $$$"""data:{"data":{"id":"9ead6b34-5c1f","usage":{"prompt_tokens":33,"completion_tokens":{{{completion}}},"knowledge_tokens":0,"total_tokens":{{{33 + completion}}}},"choices":[{"index":0,"role":"assistant","delta":{{{Json(delta)}}},"finish_reason":"{{{finish}}}"}],"plugin":{}},"status":{"code":0,"message":"OK"}}""" + "\n\n";

    private static readonly Shape SenseNova = new(
        [],
        t => SenseNovaEvent(t, "", 2),
        [SenseNovaEvent("", "stop", 23), "data:[DONE]\n\n"],
        ["data:[DONE]\n\n"],
        503,
        """{"error":{"code":14,"message":"service unavailable","details":[]}}""",
        """{"error": {"code": 16, "message": "Forbidden"}}""",
        """{"error":{"code":5,"message":"model is not found","details":[]}}""",
        """data:{"error":{"code":2,"message":"internal error","details":[]}}""" + "\n\n");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
