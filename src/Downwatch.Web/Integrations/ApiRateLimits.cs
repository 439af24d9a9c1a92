using System.Globalization;
using System.Threading.RateLimiting;
using Downwatch.Storage;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Downwatch.Web.Integrations;

/// <summary>
/// The write API's rate limit: a fixed window per verified API key (partitioned by the key's hash, never the key) or,
/// for requests without one or with a key not yet verified, per client address; public e-mail subscribing is limited per client address only. Rejections are 429 with Retry-After and a problem body.
/// </summary>
internal static class ApiRateLimits
{
    public const string Policy = "api-writes";

    /// <summary>Public e-mail subscribing: per client address only, whatever key headers a request carries.</summary>
    public const string SubscribePolicy = "api-subscribe";

    /// <summary>Diagnosing a pasted error (each reads up to 64 KB): per client address only.</summary>
    public const string DiagnosePolicy = "diagnose";

    public static IServiceCollection AddApiRateLimits(this IServiceCollection services)
    {
        services.AddSingleton<VerifiedApiKeys>();
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(limits =>
        {
            limits.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limits.OnRejected = RejectAsync;
            limits.AddPolicy(Policy, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
                var key = ApiKeyAuthentication.Presented(context.Request);
                var (partition, permits) = key is not null && context.RequestServices.GetRequiredService<VerifiedApiKeys>().IsVerified(key)
                    ? ("key:" + SqlApiKeyStore.Hash(key), options.PermitsPerKey)
                    : ("client:" + context.Connection.RemoteIpAddress, options.PermitsPerClient);
                return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = options.PermitWindow,
                    QueueLimit = 0,
                });
            });
            limits.AddPolicy(SubscribePolicy, context => PerClient(context, o => o.PermitsPerClient));
            limits.AddPolicy(DiagnosePolicy, context => PerClient(context, o => o.DiagnosesPerClient));
        });
        return services;
    }

    private static RateLimitPartition<string> PerClient(HttpContext context, Func<ApiOptions, int> permits)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
        return RateLimitPartition.GetFixedWindowLimiter("client:" + context.Connection.RemoteIpAddress, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits(options),
            Window = options.PermitWindow,
            QueueLimit = 0,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem($"Too many requests; try again in {seconds} s.", statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too Many Requests").ExecuteAsync(http);
    }
}
