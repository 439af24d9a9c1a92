using Microsoft.Extensions.Configuration;
using Downwatch.Domain.Status;
using Downwatch.Probing;
using Downwatch.Storage;

namespace Downwatch.Status;

public static class StatusServiceCollectionExtensions
{
    public static IServiceCollection AddStatusBoard(this IServiceCollection services)
    {
        services.AddOptions<StatusOptions>().BindConfiguration(StatusOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new StatusEngine(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<StatusBoard>();
        services.AddSingleton<AssessmentCycle>();
        services.AddSingleton<ObservationWindow>();
        services.AddSingleton<IObservationStore>(sp => new WindowedObservationStore(
            sp.GetRequiredService<Storage.Sql.SqlObservationStore>(), sp.GetRequiredService<ObservationWindow>()));
        services.AddSingleton<ObservationWriter>();
        services.AddSingleton<IProbeResultSink>(sp => sp.GetRequiredService<ObservationWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<ObservationWriter>());
        services.AddHostedService<AssessmentLoop>();
        return services;
    }

    /// <summary>serve probes the whole catalog as its own location, unless Probing:Enabled is false.</summary>
    public static IServiceCollection AddOwnProbing(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue(ProbingOptions.Section + ":Enabled", true))
        {
            services.AddSingleton<IProbeAssignment, CatalogAssignment>();
            services.AddHttpProbing();
        }

        return services;
    }
}
