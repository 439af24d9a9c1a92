using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Downwatch.TestSupport;

/// <summary>A vendor status page stand-in: a real Kestrel server on 127.0.0.1 serving captured payloads (from the test
/// project's Fixtures/ folder) at /feed, with ETags, errors, HTML, a huge and a slow body.</summary>
public sealed class FeedServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FeedServer(WebApplication app, string address)
    {
        _app = app;
        Address = address.TrimEnd('/');
    }

    public string Address { get; }

    /// <summary>What /feed serves next: a fixture name, "500", "html".</summary>
    public string Next { get; set; } = "statuspage-v2-summary__claude-operational.json";

    public ConcurrentQueue<(string Path, string? IfNoneMatch)> Requests { get; } = new();

    public TaskCompletionSource SlowStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Url(string path) => Address + path;

    public static async Task<FeedServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FeedServer? server = null;
        app.Use(async (context, next) =>
        {
            server!.Requests.Enqueue((context.Request.Path, context.Request.Headers.IfNoneMatch.FirstOrDefault()));
            await next(context);
        });
        app.MapGet("/feed", (HttpContext c) => server!.Serve(c));
        app.MapGet("/huge", async (HttpContext c) =>
        {
            c.Response.ContentType = "application/json";
            var chunk = new byte[1024 * 1024];
            Array.Fill(chunk, (byte)' ');
            await c.Response.Body.WriteAsync("{\"page\":"u8.ToArray());
            for (var i = 0; i < 10; i++)
            {
                await c.Response.Body.WriteAsync(chunk, c.RequestAborted);
            }
        });
        app.MapGet("/slow", async (HttpContext c) =>
        {
            c.Response.ContentType = "application/json";
            await c.Response.Body.WriteAsync("{\"page\":"u8.ToArray());
            await c.Response.Body.FlushAsync();
            server!.SlowStarted.TrySetResult();
            await Task.Delay(Timeout.Infinite, c.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FeedServer(app, address);
        return server;
    }

    private async Task Serve(HttpContext c)
    {
        switch (Next)
        {
            case "500":
                c.Response.StatusCode = 500;
                return;
            case "html":
                c.Response.ContentType = "text/html; charset=utf-8";
                await c.Response.WriteAsync("<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>");
                return;
        }

        var etag = $"\"{Next.GetHashCode(StringComparison.Ordinal):x}\"";
        if (c.Request.Headers.IfNoneMatch == etag)
        {
            c.Response.StatusCode = 304;
            return;
        }

        c.Response.Headers.ETag = etag;
        c.Response.ContentType = Next.EndsWith(".xml", StringComparison.Ordinal) ? "application/rss+xml" : "application/json; charset=utf-8";
        await c.Response.Body.WriteAsync(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", Next)));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
