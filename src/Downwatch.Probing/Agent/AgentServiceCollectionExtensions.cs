using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Downwatch.Probing.Agent;

public static class AgentServiceCollectionExtensions
{
    /// <summary>A remote probe location: probes the server's assignment, buffers on disk, uploads in batches.</summary>
    public static IServiceCollection AddProbeAgent(this IServiceCollection services)
    {
        services.AddOptions<AgentOptions>().BindConfiguration(AgentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient<AgentClient>(http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<DiskBuffer>();
        services.AddSingleton<IProbeResultSink>(sp => sp.GetRequiredService<DiskBuffer>());
        services.AddSingleton<IProbeAssignment, RemoteAssignment>();
        services.AddSingleton<ResultUploader>();
        services.AddHostedService(sp => sp.GetRequiredService<ResultUploader>());
        services.AddHttpProbing();
        return services;
    }
}
