using Downwatch.Web.Pages.Models;
using Downwatch.Web.Pages.Views;
using Downwatch.Web.Reports;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Downwatch.Web.Pages;

/// <summary>The HTML pages: every route a visitor can open.</summary>
public static class PageEndpoints
{
    public static IEndpointRouteBuilder MapPageEndpoints(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").WithTags("Pages");
        pages.MapGet("/", Home);
        pages.MapGet("/status/{slug}", Service);
        pages.MapGet("/is-{slug}-down", IsDown);
        pages.MapGet("/status/{slug}/errors/{error}", ServiceError);
        pages.MapGet("/errors", ErrorsGuide);
        pages.MapGet("/errors/{error}", Error);
        pages.MapGet("/methodology", Methodology);
        pages.MapGet("/locations", Locations);
        app.MapFallback(Fallback);
        return app;
    }

    public static RazorComponentResult<HomePage> Home(SitePages pages, [FromQuery] string? q, [FromQuery] string? category,
        [FromQuery] string? status) => View<HomePage>(pages.Home(q, category, status));

    public static async Task<IResult> Service(SitePages pages, string slug, [FromQuery] string? reported, HttpContext context,
        IAntiforgery antiforgery, CancellationToken ct) =>
        await pages.ServiceAsync(slug, null, ct) is { } model
            ? View<ServicePage>(model with { ReportForm = ReportEndpoints.FormFor(context, antiforgery, slug, $"/status/{slug}", reported) })
            : NotFound(pages, $"/status/{slug}");

    public static async Task<IResult> IsDown(SitePages pages, string slug, [FromQuery] string? reported, HttpContext context,
        IAntiforgery antiforgery, CancellationToken ct)
    {
        var service = pages.Catalog.FindService(slug);
        if (service is null)
        {
            return NotFound(pages, $"/is-{slug}-down");
        }

        var frame = pages.Frame($"Is {service.Name} down right now? Live check — {pages.SiteName}",
            $"Is {service.Name} down or is it just you? Live answer from our own probes, the provider's status page and user reports.",
            $"/is-{slug}-down");
        var model = (await pages.ServiceAsync(slug, frame, ct))!;
        return View<IsDownPage>(model with { ReportForm = ReportEndpoints.FormFor(context, antiforgery, slug, $"/is-{slug}-down", reported) });
    }

    public static async Task<IResult> ServiceError(SitePages pages, string slug, string error, [FromQuery] string? reported,
        HttpContext context, IAntiforgery antiforgery, CancellationToken ct) =>
        await pages.ServiceErrorAsync(slug, error, ct) is { } model
            ? View<ServiceErrorPage>(model with
            {
                Status = model.Status with
                {
                    ReportForm = ReportEndpoints.FormFor(context, antiforgery, slug, $"/status/{slug}/errors/{error}", reported),
                },
            })
            : NotFound(pages, $"/status/{slug}/errors/{error}");

    public static RazorComponentResult<ErrorsGuidePage> ErrorsGuide(SitePages pages) =>
        View<ErrorsGuidePage>(new ErrorsGuideModel(
            pages.Frame($"AI API errors explained: causes and fixes — {pages.SiteName}",
                "A guide to the errors AI and LLM APIs return — authentication, rate limits, quota, overload, timeouts — and how to tell whether it is you or the provider.",
                "/errors"),
            pages.Catalog.Errors));

    public static IResult Error(SitePages pages, string error) =>
        pages.Error(error) is { } model ? View<ErrorPage>(model) : NotFound(pages, $"/errors/{error}");

    public static RazorComponentResult<MethodologyPage> Methodology(SitePages pages, Domain.Status.StatusEngine engine) =>
        View<MethodologyPage>(new MethodologyModel(
            pages.Frame($"How {pages.SiteName} decides a status — methodology",
                "How Downwatch turns probes, official status pages and user reports into a status with evidence.", "/methodology"),
            engine.Options));

    public static RazorComponentResult<LocationsPage> Locations(SitePages pages, IServiceProvider services) =>
        View<LocationsPage>(new LocationsModel(
            pages.Frame($"Probe locations — {pages.SiteName}", "Where Downwatch probes from and whether each location is online.", "/locations"),
            services.GetService<Downwatch.Probing.Scheduling.SchedulerStats>()));

    public static IResult Fallback(SitePages pages, HttpContext context) => NotFound(pages, context.Request.Path.Value ?? "/");

    private static RazorComponentResult<NotFoundPage> NotFound(SitePages pages, string path) =>
        new(new Dictionary<string, object?>
        {
            ["Model"] = new NotFoundModel(pages.Frame($"Page not found — {pages.SiteName}", "This page does not exist.", path), path),
        })
        { StatusCode = StatusCodes.Status404NotFound };

    private static RazorComponentResult<T> View<T>(object model)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        new(new Dictionary<string, object?> { ["Model"] = model });
}
