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
/// (<c>/{mode}/v1/messages</c>) and Gemini <c>streamGenerateContent?alt=sse</c> (<c>/{mode}/v1beta/models/{model}:…</c>) —
/// in a healthy mode and in the ways providers fail. The mode is the first path segment, so one base URL per mode.
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

    /// <summary>The credential headers received (Authorization, x-api-key, x-goog-api-key), for checking what was sent.</summary>
    public ConcurrentBag<string> Credentials { get; } = [];

    public int TotalRequests => Requests.Values.Sum();

    /// <summary>The base URL of one format in one mode, as the catalog's <c>inference.base_url</c> would hold it.</summary>
    public string BaseUrl(string format, string mode) => format switch
    {
        "gemini-stream" => $"http://127.0.0.1:{Port}/{mode}/v1beta",
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
        await app.StartAsync();
        self = new FakeProviders(app, new Uri(app.Urls.First()).Port);
        return self;
    }

    private async Task Serve(HttpContext context, string mode, Shape shape)
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
        switch (mode)
        {
            case "overloaded":
                response.StatusCode = shape.OverloadStatus;
                response.ContentType = "application/json";
                await response.WriteAsync(shape.OverloadBody, ct);
                return;
            case "key-refused":
                response.StatusCode = 401;
                response.ContentType = "application/json";
                await response.WriteAsync(shape.KeyRefusedBody, ct);
                return;
            case "gone":
                response.StatusCode = 404;
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
        string StreamError);

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

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
