using System.ComponentModel.DataAnnotations;
using Downwatch.Feeds.Reading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Downwatch.Feeds.Instatus;

/// <summary>Section "OfficialStatus:Instatus".</summary>
public sealed class InstatusOptions
{
    public const string Section = "OfficialStatus:Instatus";

    /// <summary>Most active incidents and most active maintenances kept from one summary.</summary>
    [Range(1, 1000)]
    public int MaxEvents { get; set; } = 50;
}

public static class InstatusServiceCollectionExtensions
{
    public static IServiceCollection AddInstatus(this IServiceCollection services)
    {
        services.AddOptions<InstatusOptions>().BindConfiguration(InstatusOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFeedAdapter, InstatusAdapter>());
        return services;
    }
}
