using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Downwatch.Web.Tests;

/// <summary>A vendor status page stand-in on 127.0.0.1: serves a captured payload at /summary.json and an HTML page at /broken.</summary>
public sealed class FeedServer : IAsyncDisposable
{
    public const string Payload = "statuspage-v2-summary__claude-console-degraded.json";

    private readonly WebApplication _app;

    private FeedServer(WebApplication app, string address)
    {
        _app = app;
        Address = address.TrimEnd('/');
    }

    public string Address { get; }

    public static async Task<FeedServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var body = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", Payload));
        app.MapGet("/summary.json", () => Results.Bytes(body, "application/json"));
        app.MapGet("/broken", () => Results.Content("<!DOCTYPE html><html><body>Service Unavailable</body></html>", "text/html"));
        await app.StartAsync();
        return new FeedServer(app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
