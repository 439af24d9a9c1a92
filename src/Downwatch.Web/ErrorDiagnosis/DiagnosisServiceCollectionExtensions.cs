using Downwatch.Domain.Catalog;
using Downwatch.Domain.ErrorDiagnosis;

namespace Downwatch.Web.ErrorDiagnosis;

internal static class DiagnosisServiceCollectionExtensions
{
    /// <summary>The error classifier (built once from the catalog) and its live-status combination.</summary>
    public static IServiceCollection AddDiagnosis(this IServiceCollection services)
    {
        services.AddSingleton(sp => new ErrorClassifier(sp.GetRequiredService<ServiceCatalog>()));
        services.AddSingleton<LiveDiagnosis>();
        return services;
    }
}
