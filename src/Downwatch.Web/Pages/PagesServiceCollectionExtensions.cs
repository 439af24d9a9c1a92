using Downwatch.Domain.Site;
namespace Downwatch.Web.Pages;

internal static class PagesServiceCollectionExtensions
{
    public static IServiceCollection AddDownwatchPages(this IServiceCollection services)
    {
        services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRazorComponents();
        // Chinese names and pages are written as characters, not as &#x...; entities (eight bytes each); markup
        // characters are still escaped.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddSingleton<ReportPanelCache>();
        services.AddSingleton<BoardAge>();
        services.AddSingleton<SitePages>();
        services.AddSingleton<PageCache>();
        return services;
    }
}
