using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Downwatch.Web.Tests.Notifications;

/// <summary>One request as a receiver saw it: path, headers, raw body.</summary>
public sealed record ReceivedHook(string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";
}

/// <summary>
/// A webhook receiver on 127.0.0.1 (Kestrel). Each path answers with what <see cref="Answer"/> decides from the
/// request and how many times its Idempotency-Key was seen before; every request is recorded.
/// </summary>
public sealed class HookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedHook> _received = new();
    private readonly ConcurrentDictionary<string, int> _seen = new();

    private HookReceiver(WebApplication app) => _app = app;

    /// <summary>(path, attempts of this key before this one) → how to answer; 200 with no body by default.</summary>
    public Func<string, int, IResult> Answer { get; set; } = (_, _) => Results.Ok();

    /// <summary>Awaited before answering a request to this path (a receiver that takes its time, or never answers).</summary>
    public Func<string, Task> Hold { get; set; } = _ => Task.CompletedTask;

    public string Url => _app.Urls.First();

    public IReadOnlyList<ReceivedHook> Received => [.. _received];

    public IReadOnlyList<ReceivedHook> At(string path) => [.. _received.Where(r => r.Path == path)];

    public static async Task<HookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new HookReceiver(app);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var path = context.Request.Path.Value ?? "/";
            var key = headers.GetValueOrDefault("Idempotency-Key", "") + " " + path;
            var before = receiver._seen.AddOrUpdate(key, 1, (_, n) => n + 1) - 1;
            receiver._received.Enqueue(new ReceivedHook(path, headers, body));
            await receiver.Hold(path);
            return receiver.Answer(path, before);
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
