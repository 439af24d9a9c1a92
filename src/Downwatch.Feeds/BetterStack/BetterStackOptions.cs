using System.ComponentModel.DataAnnotations;
using Downwatch.Feeds.Reading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Downwatch.Feeds.BetterStack;

/// <summary>Section "OfficialStatus:BetterStack".</summary>
public sealed class BetterStackOptions
{
    public const string Section = "OfficialStatus:BetterStack";

    /// <summary>Most status reports (incidents and maintenances) kept from one document, newest first.</summary>
    [Range(1, 1000)]
    public int MaxReports { get; set; } = 100;
}

public static class BetterStackServiceCollectionExtensions
{
    public static IServiceCollection AddBetterStack(this IServiceCollection services)
    {
        services.AddOptions<BetterStackOptions>().BindConfiguration(BetterStackOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFeedAdapter, BetterStackAdapter>());
        return services;
    }
}
