using Downwatch.Domain.Site;
namespace Downwatch.Web.Pages;

public static class PagesServiceCollectionExtensions
{
    public static IServiceCollection AddDownwatchPages(this IServiceCollection services)
    {
        services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRazorComponents();
        services.AddSingleton<ReportPanelCache>();
        services.AddSingleton<SitePages>();
        services.AddSingleton<PageCache>();
        return services;
    }
}
