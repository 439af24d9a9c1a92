using System.ComponentModel.DataAnnotations;
using Downwatch.Feeds.Reading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Downwatch.Feeds.IncidentIo;

/// <summary>Section "OfficialStatus:IncidentIo".</summary>
public sealed class IncidentIoOptions
{
    public const string Section = "OfficialStatus:IncidentIo";

    /// <summary>Most incidents and most maintenances kept from one document.</summary>
    [Range(1, 1000)]
    public int MaxEvents { get; set; } = 100;
}

public static class IncidentIoServiceCollectionExtensions
{
    public static IServiceCollection AddIncidentIo(this IServiceCollection services)
    {
        services.AddOptions<IncidentIoOptions>().BindConfiguration(IncidentIoOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFeedAdapter, IncidentIoAdapter>());
        return services;
    }
}
