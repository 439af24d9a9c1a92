using System.ComponentModel.DataAnnotations;
using Downwatch.Catalog;
using Downwatch.Domain.Catalog;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Downwatch.Web.Hosting;

/// <summary>Section "Catalog": where services.yaml and errors.yaml live (the bundled catalog by default).</summary>
internal sealed class CatalogOptions
{
    public const string Section = "Catalog";

    public static string BundledDirectory => Path.Combine(AppContext.BaseDirectory, "catalog");

    [Required]
    public string Directory { get; set; } = BundledDirectory;
}

internal static class CatalogServiceCollectionExtensions
{
    /// <summary>Registers the validated catalog; an invalid catalog stops start-up with every problem listed.</summary>
    public static IServiceCollection AddDownwatchCatalog(this IServiceCollection services, string? directory)
    {
        var options = services.AddOptions<CatalogOptions>().BindConfiguration(CatalogOptions.Section).ValidateDataAnnotations();
        if (directory is not null)
        {
            options.Configure(o => o.Directory = directory);
        }

        services.AddSingleton(sp => CatalogLoader.LoadDirectory(sp.GetRequiredService<IOptions<CatalogOptions>>().Value.Directory));
        services.TryAddSingleton<CatalogReload>();
        services.AddHostedService<CatalogReloadSignal>();
        return services;
    }

    /// <summary>Loads the catalog now, so that a broken one fails start-up rather than the first request.</summary>
    public static ServiceCatalog LoadCatalogNow(this IServiceProvider services) => services.GetRequiredService<ServiceCatalog>();
}
