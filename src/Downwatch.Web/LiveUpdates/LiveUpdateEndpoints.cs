using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using Downwatch.Web.Integrations;
using Downwatch.Status;
using Microsoft.Extensions.Options;

namespace Downwatch.Web.LiveUpdates;

/// <summary>Section "LiveUpdates": limits of the Server-Sent Events stream.</summary>
internal sealed class LiveUpdateOptions
{
    public const string Section = "LiveUpdates";

    /// <summary>Open streams beyond which new ones are refused with 503 (each holds a connection and a small queue).</summary>
    [Range(1, 1_000_000)]
    public int MaxReaders { get; set; } = 10_000;

    /// <summary>Open streams one client address may hold (tabs, a small office behind one address); beyond it, 429.</summary>
    [Range(1, 1_000_000)]
    public int MaxReadersPerClient { get; set; } = 20;

    /// <summary>A comment line is sent this often so proxies keep an idle stream open.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary><c>GET /api/v1/events</c>: status changes and incident updates as Server-Sent Events.</summary>
internal static class LiveUpdateEndpoints
{
    public static IServiceCollection AddLiveUpdates(this IServiceCollection services)
    {
        services.AddOptions<LiveUpdateOptions>().BindConfiguration(LiveUpdateOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LiveUpdateHub>();
        services.AddSingleton<StreamsPerClient>();
        services.AddSingleton<IStatusChangeListener>(sp => sp.GetRequiredService<LiveUpdateHub>());
        return services;
    }

    public static IEndpointRouteBuilder MapLiveUpdateEndpoints(this IEndpointRouteBuilder app)
    {
        // Bound at run time, not by the request delegate generator, whose metadata for a handler that writes the response
        // itself breaks the OpenAPI document.
        Delegate stream = StreamAsync;
#pragma warning disable RDG002 // meant: this endpoint is bound at run time
        app.MapGet("/api/v1/events", stream).WithTags("API")
            .WithSummary("Status changes and incident updates as Server-Sent Events (events 'status' and 'incident').")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
#pragma warning restore RDG002
        return app;
    }

    /// <param name="services">Comma-separated service slugs to follow; all when omitted.</param>
    public static async Task StreamAsync(HttpContext context, LiveUpdateHub hub, StreamsPerClient perClient, StatusBoard board,
        IOptions<LiveUpdateOptions> options, IHostApplicationLifetime lifetime, TimeProvider time, string? services)
    {
        var follow = (services ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        if (follow.FirstOrDefault(s => board.Catalog.FindService(s) is null) is { } unknown)
        {
            await Results.NotFound(new ApiError($"No service '{unknown}' in the catalog.")).ExecuteAsync(context);
            return;
        }

        if (hub.Readers >= options.Value.MaxReaders)
        {
            context.Response.Headers.RetryAfter = "30";
            await Results.Json(new ApiError("Too many live streams are open; try again shortly or poll /api/v1/services."),
                statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context);
            return;
        }

        using var slot = perClient.TryEnter(context.Connection.RemoteIpAddress?.ToString() ?? "", options.Value.MaxReadersPerClient);
        if (slot is null)
        {
            context.Response.Headers.RetryAfter = "30";
            await Results.Json(new ApiError($"This address already holds {options.Value.MaxReadersPerClient} live streams; close one or poll /api/v1/services."),
                statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context);
            return;
        }

        long? lastEventId = long.TryParse(context.Request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            ? last
            : null;
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        using var reader = hub.Open(follow, lastEventId);
        try
        {
            await WriteAsync(response, "retry: 10000\n: connected\n\n", stop.Token);
            var waiting = reader.Events.WaitToReadAsync(stop.Token).AsTask();
            while (true)
            {
                var beat = Task.Delay(options.Value.Heartbeat, time, stop.Token);
                if (await Task.WhenAny(waiting, beat) == beat)
                {
                    await beat;
                    await WriteAsync(response, ": heartbeat\n\n", stop.Token);
                    continue;
                }

                if (!await waiting)
                {
                    return;
                }

                while (reader.Events.TryRead(out var e))
                {
                    await WriteAsync(response, e.Text, stop.Token);
                }

                waiting = reader.Events.WaitToReadAsync(stop.Token).AsTask();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The reader left or the server is stopping: the stream simply ends.
        }
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
