using Downwatch.Feeds.Reading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Downwatch.Feeds.Polling;

public static class OfficialStatusServiceCollectionExtensions
{
    /// <summary>The feed adapters, the bounded and resilient HTTP client that fetches feeds, and the fetcher itself.</summary>
    public static IServiceCollection AddFeedFetching(this IServiceCollection services)
    {
        services.AddFeedAdapters();
        services.AddOptions<OfficialStatusOptions>().BindConfiguration(OfficialStatusOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(FeedFetcher.ClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan; // FeedFetcher bounds headers and body together, on the injected clock.
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Downwatch/1.0 (+official status reader)");
            })
            .AddResilienceHandler("official-status-retry", (builder, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<OfficialStatusOptions>>().Value;
                builder.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
                builder.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 1, Delay = options.RetryDelay, BackoffType = DelayBackoffType.Constant, UseJitter = false,
                });
            });
        services.AddSingleton<FeedFetcher>();
        return services;
    }

    /// <summary>Reads every catalog feed at its interval in the background (<c>OfficialStatus</c> section).</summary>
    public static IServiceCollection AddOfficialStatusSync(this IServiceCollection services)
    {
        services.AddFeedFetching();
        services.AddSingleton<OfficialStatusSync>();
        services.AddHostedService<OfficialStatusLoop>();
        return services;
    }
}
