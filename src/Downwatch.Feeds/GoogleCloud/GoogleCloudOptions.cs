using System.ComponentModel.DataAnnotations;
using Downwatch.Feeds.Reading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Downwatch.Feeds.GoogleCloud;

/// <summary>Section "OfficialStatus:GoogleCloud".</summary>
public sealed class GoogleCloudOptions
{
    public const string Section = "OfficialStatus:GoogleCloud";

    /// <summary>Newest incidents kept from the file, which holds every incident of the past months (157 in 2022).</summary>
    [Range(1, 5000)]
    public int MaxIncidents { get; set; } = 200;
}

public static class GoogleCloudServiceCollectionExtensions
{
    public static IServiceCollection AddGoogleCloud(this IServiceCollection services)
    {
        services.AddOptions<GoogleCloudOptions>().BindConfiguration(GoogleCloudOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFeedAdapter, GoogleCloudAdapter>());
        return services;
    }
}
