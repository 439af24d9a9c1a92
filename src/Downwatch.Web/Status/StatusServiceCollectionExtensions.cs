using Downwatch.Domain.Status;

namespace Downwatch.Web.Status;

public static class StatusServiceCollectionExtensions
{
    public static IServiceCollection AddStatusBoard(this IServiceCollection services)
    {
        services.AddOptions<StatusOptions>().BindConfiguration(StatusOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new StatusEngine(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<StatusBoard>();
        services.AddSingleton<AssessmentCycle>();
        services.AddHostedService<AssessmentLoop>();
        return services;
    }
}
