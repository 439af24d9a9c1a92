using Downwatch.Feeds.Polling;
using Downwatch.Storage;
using Downwatch.Web.Admin;
using Downwatch.Web.Agents;
using Downwatch.Web.Integrations;
using Downwatch.Web.LiveUpdates;
using Downwatch.Notifications;
using Scalar.AspNetCore;
using Downwatch.Web.ErrorDiagnosis;
using Downwatch.Web.Pages;
using Downwatch.Web.Reports;
using Downwatch.Web.Subscriptions;
using Downwatch.Status;

namespace Downwatch.Web.Hosting;

/// <summary>The web host: a table of contents of the modules it is made of.</summary>
internal static partial class DownwatchHost
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <param name="configure">Last-word service registrations (tests register their fakes here).</param>
    public static WebApplication Build(string[] args, string? catalogDirectory = null, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddDownwatchCatalog(catalogDirectory);
        builder.Services.AddDownwatchStorage(builder.Configuration);
        builder.Services.AddStatusBoard();
        builder.Services.AddOwnProbing(builder.Configuration);
        builder.Services.AddOfficialStatusSync();
        builder.Services.AddDownwatchPages();
        builder.Services.AddDiagnosis();
        builder.Services.AddDownwatchHealthChecks();
        builder.Services.AddOpenApi();
        builder.Services.AddDownwatchMetrics();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.AddCommunityReports();
        builder.Services.AddLiveStatusCaching();
        builder.Services.AddLiveUpdates();
        builder.Services.AddNotifications();
        builder.Services.AddApiRateLimits();
        builder.Services.AddTextCompression();
        builder.Services.AddRequestBodyLimits();
        builder.Services.AddForwardedClients(builder.Configuration);
        builder.Services.AddOperatorConsole(builder.Configuration);
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        app.Services.LoadCatalogNow();
        app.Services.GetRequiredService<DatabaseMigrator>().MigrateUp();
        WarnOnDefaultBaseUrl(app);
        app.UseSecurityHeaders();
        app.UseForwardedClients();
        app.UseHeadAsGet();
        app.UseResponseCompression();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRequestBodyAnswers();
        app.UseStorageFaultAnswers();
        app.UseExplainedStatusCodes();
        app.UseRateLimiter();
        app.UseLiveStatusCaching();
        app.UseApiDocsLanguage();
        app.MapOpenApi();
        // The reference of this site's API only: no vendor's AI chat, deploy or SDK buttons, no telemetry.
        app.MapScalarApiReference(SecurityHeaders.DocsPath, o => o.WithOpenApiRoutePattern("/openapi/{documentName}.json").WithTitle("Downwatch API")
            .DisableAgent().DisableMcp().DisableTelemetry().HideClientButton().HideDeveloperTools().WithDotNetFlag(false)
            .WithFavicon("/favicon.svg"));
        app.MapHealthEndpoints();
        app.MapMetricsEndpoint();
        app.MapBadgeEndpoints();
        app.MapApiEndpoints();
        app.MapHistoryApiEndpoints();
        app.MapLiveUpdateEndpoints();
        app.MapStatuspageEndpoints();
        app.MapIncidentFeedEndpoints();
        app.MapAgentEndpoints();
        app.MapDiagnosisEndpoints();
        app.MapReportEndpoints();
        app.MapNotificationEndpoints();
        app.MapOperatorConsole();
        app.MapPageEndpoints();
        app.MapSiteEndpoints();
        return app;
    }

    /// <summary>Canonical links and the sitemap name <c>Site:BaseUrl</c>: left at its default, search engines are told
    /// the pages live on 127.0.0.1.</summary>
    private static void WarnOnDefaultBaseUrl(WebApplication app)
    {
        var site = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Domain.Site.SiteOptions>>().Value;
        if (site.IsDefaultBaseUrl)
        {
            LogDefaultBaseUrl(app.Logger, site.BaseUrl);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Site:BaseUrl is still {BaseUrl}: canonical links and sitemap.xml point there. " +
        "Set the public address, for example --Site:BaseUrl=https://status.example.com")]
    private static partial void LogDefaultBaseUrl(ILogger logger, string baseUrl);
}
