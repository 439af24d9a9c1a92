using Downwatch.Status;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace Downwatch.Web.Integrations;

/// <summary>
/// Output caching for everything derived from the published statuses (API, Statuspage documents, feeds, badges):
/// one response per address and status round is produced and then served from memory; a new round makes a new
/// entry (the round is part of the key) and evicts the old ones. Responses carry an ETag naming the round, so
/// clients revalidate with a 304.
/// </summary>
internal sealed class LiveStatusCachePolicy : IOutputCachePolicy
{
    public const string Name = "live-status";
    public const string Tag = "status";

    /// <summary>Tells one process's rounds from another's (round numbers start again at each start).</summary>
    private static readonly string Instance = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 4));

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        var cacheable = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        if (cacheable)
        {
            var board = context.HttpContext.RequestServices.GetRequiredService<StatusBoard>();
            var interval = context.HttpContext.RequestServices.GetRequiredService<IOptions<StatusOptions>>().Value.EvaluationInterval;
            context.CacheVaryByRules.QueryKeys = "*";
            context.CacheVaryByRules.CacheKeyPrefix = Round(board);
            context.ResponseExpirationTimeSpan = interval * 2;
            context.Tags.Add(Tag);
            var response = context.HttpContext.Response;
            var etag = ETag(board);
            response.OnStarting(() =>
            {
                if (response.StatusCode == StatusCodes.Status200OK)
                {
                    response.Headers.ETag = etag;
                    if (string.IsNullOrEmpty(response.Headers.CacheControl))
                    {
                        response.Headers.CacheControl = "public, no-cache";
                    }
                }

                return Task.CompletedTask;
            });
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        context.AllowCacheStorage &= context.HttpContext.Response.StatusCode == StatusCodes.Status200OK;
        return ValueTask.CompletedTask;
    }

    private static string Round(StatusBoard board) => $"{Instance}-{board.Version}";

    public static string ETag(StatusBoard board) => $"W/\"{Round(board)}\"";

    /// <summary>Answers 304 before anything else runs when the client already holds this round's answer.</summary>
    public static async Task NotModifiedAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<LiveStatusCachePolicy>() is not null
            && HttpMethods.IsGet(context.Request.Method)
            && context.Request.Headers.IfNoneMatch.ToString() is { Length: > 0 } asked
            && asked.Split(',', StringSplitOptions.TrimEntries).Contains(ETag(context.RequestServices.GetRequiredService<StatusBoard>())))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            context.Response.Headers.ETag = ETag(context.RequestServices.GetRequiredService<StatusBoard>());
            return;
        }

        await next(context);
    }
}

/// <summary>Drops cached responses of earlier rounds once statuses change.</summary>
internal sealed class LiveStatusCacheEviction(IOutputCacheStore store) : IStatusChangeListener
{
    public ValueTask OnChangesAsync(RoundChanges changes, CancellationToken cancellationToken) =>
        store.EvictByTagAsync(LiveStatusCachePolicy.Tag, cancellationToken);
}

internal static class LiveStatusCachingExtensions
{
    public static IServiceCollection AddLiveStatusCaching(this IServiceCollection services)
    {
        services.AddOutputCache(o => o.AddPolicy(LiveStatusCachePolicy.Name, Policy));
        services.AddSingleton<IStatusChangeListener, LiveStatusCacheEviction>();
        return services;
    }

    /// <summary>Marks endpoints whose answer depends only on the published statuses (and the catalog).</summary>
    public static TBuilder CachedPerRound<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.CacheOutput(LiveStatusCachePolicy.Name).WithMetadata(Policy);

    /// <summary>Answers 304 to a client that holds this round's answer, then serves from the output cache.</summary>
    public static WebApplication UseLiveStatusCaching(this WebApplication app)
    {
        app.Use(LiveStatusCachePolicy.NotModifiedAsync);
        app.UseOutputCache();
        return app;
    }

    private static readonly LiveStatusCachePolicy Policy = new();
}
