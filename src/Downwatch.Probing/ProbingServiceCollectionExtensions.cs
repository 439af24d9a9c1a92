using Downwatch.Domain.Catalog;
using Downwatch.Probing.Http;
using Downwatch.Probing.Inference;
using Downwatch.Probing.Locations;
using Downwatch.Probing.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Downwatch.Probing;

public static class ProbingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the HTTP probe, the location's control checks and the scheduler. The caller registers an
    /// <see cref="IProbeResultSink"/> and an <see cref="IProbeAssignment"/>.
    /// </summary>
    public static IServiceCollection AddHttpProbing(this IServiceCollection services)
    {
        services.AddOptions<ProbingOptions>().BindConfiguration(ProbingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HttpProbeOptions>().BindConfiguration(HttpProbeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Configured lists replace the defaults (binding would append to them).
        services.AddOptions<ControlCheckOptions>().BindConfiguration(ControlCheckOptions.Section)
            .PostConfigure(o =>
            {
                o.DnsNames = o.DnsNames.Count == 0 ? [.. ControlCheckOptions.DefaultDnsNames] : o.DnsNames;
                o.Urls = o.Urls.Count == 0 ? [.. ControlCheckOptions.DefaultUrls] : o.Urls;
            })
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<HostResolve>(ProbeConnector.SystemResolver);
        services.TryAddSingleton(sp => new ErrorSignatureIndex(sp.GetRequiredService<ServiceCatalog>()));
        services.AddSingleton<HttpProbe>();
        services.AddSingleton<IProbe>(sp => sp.GetRequiredService<HttpProbe>());
        services.AddSingleton<SchedulerStats>();
        services.AddSingleton<ControlChecks>();
        services.AddSingleton<ILocationSelfCheck>(sp => sp.GetRequiredService<ControlChecks>());
        services.AddHostedService(sp => sp.GetRequiredService<ControlChecks>());
        services.AddHostedService<ProbeScheduler>();
        return services;
    }

    /// <summary>
    /// Registers the inference probe and its scheduler (after <see cref="AddHttpProbing"/>). The caller registers an
    /// <see cref="IInferenceAssignment"/> (which keys and models this location uses) and an <see cref="IInferenceBudget"/>.
    /// </summary>
    public static IServiceCollection AddInferenceProbing(this IServiceCollection services)
    {
        services.AddOptions<InferenceProbeOptions>().BindConfiguration(InferenceProbeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<InferenceProbe>();
        services.AddSingleton<InferenceStats>();
        services.AddHostedService<InferenceScheduler>();
        return services;
    }
}

/// <summary>The latest self-check of this process's own probe location.</summary>
public interface ILocationSelfCheck
{
    Domain.Observations.LocationCheck? Latest { get; }
}
