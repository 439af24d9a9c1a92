using Microsoft.Extensions.Configuration;
using Downwatch.Domain.Status;
using Downwatch.Status.History;
using Microsoft.Extensions.Options;
using Downwatch.Probing;
using Downwatch.Storage;

namespace Downwatch.Status;

public static class StatusServiceCollectionExtensions
{
    public static IServiceCollection AddStatusBoard(this IServiceCollection services)
    {
        services.AddOptions<StatusOptions>().BindConfiguration(StatusOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EngineOptions>().BindConfiguration(StatusOptions.Section + ":Engine").ValidateOnStart();
        services.AddSingleton<IValidateOptions<EngineOptions>, EngineOptionsValidation>();
        services.AddSingleton(sp => new StatusEngine(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<EngineOptions>>().Value));
        services.AddSingleton<ProbeHistory>();
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

    /// <summary>serve probes the catalog as its own location (its share of it, when other nodes probe from the same
    /// location), and asks models with the stored provider keys usable there, unless Probing:Enabled is false.</summary>
    public static IServiceCollection AddOwnProbing(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue(ProbingOptions.Section + ":Enabled", true))
        {
            services.AddSingleton<Cluster.ProbeMembership>();
            services.AddSingleton<IProbeAssignment>(sp => sp.GetRequiredService<Cluster.ProbeMembership>());
            services.AddHostedService(sp => sp.GetRequiredService<Cluster.ProbeMembership>());
            services.AddHttpProbing();
            services.AddSingleton<Probing.Inference.IInferenceAssignment, Inference.StoredKeyAssignment>();
            services.AddSingleton<Probing.Inference.IInferenceBudget, Inference.StoredKeyBudget>();
            services.AddInferenceProbing();
        }

        return services;
    }
}

/// <summary>Names each invalid engine setting, so start-up stops saying which key is wrong.</summary>
internal sealed class EngineOptionsValidation : IValidateOptions<EngineOptions>
{
    public ValidateOptionsResult Validate(string? name, EngineOptions options) =>
        options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
