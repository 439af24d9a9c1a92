using System.ComponentModel.DataAnnotations;
using Downwatch.Feeds.Reading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Downwatch.Feeds.Syndication;

/// <summary>Section "OfficialStatus:Syndication": shared by the RSS, Atom and Statuspage-history adapters.</summary>
public sealed class SyndicationOptions
{
    public const string Section = "OfficialStatus:Syndication";

    /// <summary>Most entries read from one feed, newest first as feeds list them.</summary>
    [Range(1, 500)]
    public int MaxEntries { get; set; } = 50;
}

public static class SyndicationServiceCollectionExtensions
{
    public static IServiceCollection AddRss(this IServiceCollection services) => services.AddSyndication<RssAdapter>();

    public static IServiceCollection AddAzureRss(this IServiceCollection services) => services.AddSyndication<AzureRssAdapter>();

    public static IServiceCollection AddAtom(this IServiceCollection services) => services.AddSyndication<AtomAdapter>();

    public static IServiceCollection AddStatuspageHistory(this IServiceCollection services) => services.AddSyndication<StatuspageHistoryAdapter>();

    private static IServiceCollection AddSyndication<TAdapter>(this IServiceCollection services)
        where TAdapter : class, IFeedAdapter
    {
        services.AddOptions<SyndicationOptions>().BindConfiguration(SyndicationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFeedAdapter, TAdapter>());
        return services;
    }
}
