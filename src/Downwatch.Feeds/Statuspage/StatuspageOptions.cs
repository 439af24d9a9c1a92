using System.ComponentModel.DataAnnotations;
using Downwatch.Feeds.Reading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Downwatch.Feeds.Statuspage;

/// <summary>Section "OfficialStatus:Statuspage".</summary>
public sealed class StatuspageOptions
{
    public const string Section = "OfficialStatus:Statuspage";

    /// <summary>Most incidents and most maintenances kept from one document (incidents.json lists up to 50).</summary>
    [Range(1, 1000)]
    public int MaxEvents { get; set; } = 100;
}

public static class StatuspageServiceCollectionExtensions
{
    public static IServiceCollection AddStatuspage(this IServiceCollection services)
    {
        services.AddOptions<StatuspageOptions>().BindConfiguration(StatuspageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFeedAdapter, StatuspageAdapter>());
        return services;
    }
}
