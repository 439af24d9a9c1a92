using Downwatch.Web.Pages.Localization;
using Downwatch.Web.Pages.Models;
using Downwatch.Web.Pages.Views;
using Downwatch.Web.Reports;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Downwatch.Web.Pages;

/// <summary>The HTML pages: every route a visitor can open.</summary>
internal static partial class PageEndpoints
{
    public static IEndpointRouteBuilder MapPageEndpoints(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").WithTags("Pages").ExcludeFromDescription(); // HTML for people, not API
        pages.MapGet("/", Home);
        pages.MapGet("/zh-CN/", ChineseHome); // matches "/zh-CN" too, which is sent to "/zh-CN/"
        pages.MapGet("/status/{slug}", Service);
        pages.MapGet("/zh-CN/status/{slug}", ChineseService);
        pages.MapGet("/is-{slug}-down", IsDown);
        pages.MapGet("/zh-CN/is-{slug}-down", ChineseIsDown);
        pages.MapGet("/status/{slug}/errors/{error}", ServiceError);
        pages.MapGet("/zh-CN/status/{slug}/errors/{error}", ChineseServiceError);
        pages.MapGet("/status/{slug}/provider-lag", ProviderLag);
        pages.MapGet("/zh-CN/status/{slug}/provider-lag", ChineseProviderLag);
        pages.MapGet("/errors", ErrorsGuide);
        pages.MapGet("/errors/{error}", Error);
        pages.MapGet("/zh-CN/errors", ChineseErrorsGuide);
        pages.MapGet("/zh-CN/errors/{error}", ChineseError);
        pages.MapGet("/methodology", Methodology);
        pages.MapGet("/zh-CN/methodology", ChineseMethodology);
        pages.MapGet("/locations", Locations);
        pages.MapGet("/zh-CN/locations", ChineseLocations);
        // Pages are read with GET (HEAD is answered as GET): a body sent to an address that takes none is answered
        // 405/415 by routing, not 404.
        app.MapFallback(Fallback).WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head])).ExcludeFromDescription();
        return app;
    }

    /// <summary>The home page; kept in memory only unfiltered or with a known category or status (a search is
    /// rendered for its asker: any text can be searched, and each would otherwise be a page kept).</summary>
    public static Task<IResult> Home(SitePages pages, PageCache cache, [FromQuery] string? q, [FromQuery] string? category,
        [FromQuery] string? status) => HomeIn(pages, cache, q, category, status, SiteLanguage.English);

    /// <summary>The home page in Simplified Chinese: the same list, each service linked to its Chinese is-it-down page.</summary>
    public static Task<IResult> ChineseHome(HttpContext http, SitePages pages, PageCache cache, [FromQuery] string? q, [FromQuery] string? category,
        [FromQuery] string? status) => http.Request.Path.Value?.EndsWith('/') == true
            ? HomeIn(pages, cache, q, category, status, SiteLanguage.Chinese)
            : Task.FromResult<IResult>(TypedResults.Redirect("/zh-CN/" + http.Request.QueryString, permanent: true));

    private static async Task<IResult> HomeIn(SitePages pages, PageCache cache, string? q, string? category, string? status, SiteLanguage language)
    {
        if (!string.IsNullOrWhiteSpace(q)
            || (!string.IsNullOrEmpty(category) && !pages.Catalog.Services.Any(s => s.Category == category))
            || (!string.IsNullOrEmpty(status) && !Enum.GetValues<Domain.Status.ServiceStatus>().Any(v => Domain.Status.StatusVocabulary.Token(v) == status)))
        {
            return View<HomePage>(pages.Home(q, category, status, language));
        }

        return await Serve(pages, cache, Key($"{language.Prefix}/", ("category", category), ("status", status)), null,
            () => Task.FromResult<PageRender?>(new(typeof(HomePage), pages.Home(null, category, status, language))));
    }

    /// <param name="report">"open" opens the report form (the "Report a problem" link of the is-it-down page).</param>
    public static Task<IResult> Service(SitePages pages, PageCache cache, ProofOfWork proof, string slug,
        [FromQuery] string? reported, [FromQuery] string? report) => ServiceIn(pages, cache, proof, slug, reported, report, SiteLanguage.English);

    /// <summary>A service's status page in Simplified Chinese.</summary>
    public static Task<IResult> ChineseService(SitePages pages, PageCache cache, ProofOfWork proof, string slug,
        [FromQuery] string? reported, [FromQuery] string? report) => ServiceIn(pages, cache, proof, slug, reported, report, SiteLanguage.Chinese);

    private static Task<IResult> ServiceIn(SitePages pages, PageCache cache, ProofOfWork proof, string slug, string? reported, string? report,
        SiteLanguage language)
    {
        var path = $"{language.Prefix}/status/{slug}";
        var open = report == "open";
        return Serve(pages, cache, Key(path, ("reported", Reported(reported)), ("report", open ? report : null)), Known(pages, slug), async () =>
            await pages.ServiceAsync(slug, language, CancellationToken.None) is { } model
                ? new PageRender(language == SiteLanguage.English ? typeof(ServicePage) : typeof(ChineseServicePage),
                    model with { ReportForm = Form(proof, slug, path, reported) with { Open = open } })
                : null);
    }

    public static Task<IResult> IsDown(SitePages pages, PageCache cache, string slug)
    {
        var path = $"/is-{slug}-down";
        return Serve(pages, cache, path, Known(pages, slug), async () =>
        {
            if (pages.Catalog.FindService(slug) is not { } service)
            {
                return null;
            }

            var frame = pages.Frame($"Is {service.Name} down right now? Live check — {pages.SiteName}",
                $"Is {service.Name} down or is it just you? Live answer from our own probes, the provider's status page and user reports.",
                path, SiteLanguage.English);
            return new PageRender(typeof(IsDownPage), (await pages.ServiceAsync(slug, frame, CancellationToken.None))!);
        });
    }

    /// <summary>The is-it-down page in Simplified Chinese.</summary>
    public static Task<IResult> ChineseIsDown(SitePages pages, PageCache cache, string slug)
    {
        var path = $"/zh-CN/is-{slug}-down";
        return Serve(pages, cache, path, Known(pages, slug), async () =>
        {
            if (pages.Catalog.FindService(slug) is not { } service)
            {
                return null;
            }

            var zh = SiteLanguage.Chinese;
            var name = ChineseNames.Display(service);
            var frame = pages.Frame(zh.Text("IsDownTitle", name, pages.SiteName), zh.Text("IsDownDescription", name), $"/is-{slug}-down", zh);
            return new PageRender(typeof(ChineseIsDownPage), (await pages.ServiceAsync(slug, frame, CancellationToken.None))!);
        });
    }

    public static Task<IResult> ProviderLag(SitePages pages, PageCache cache, string slug) => ProviderLagIn(pages, cache, slug, SiteLanguage.English);

    public static Task<IResult> ChineseProviderLag(SitePages pages, PageCache cache, string slug) => ProviderLagIn(pages, cache, slug, SiteLanguage.Chinese);

    private static Task<IResult> ProviderLagIn(SitePages pages, PageCache cache, string slug, SiteLanguage language) =>
        Serve(pages, cache, $"{language.Prefix}/status/{slug}/provider-lag", Known(pages, slug), async () =>
            await pages.ProviderLagAsync(slug, language, CancellationToken.None) is { } model ? new PageRender(typeof(ProviderLagPage), model) : null);

    public static Task<IResult> ServiceError(SitePages pages, PageCache cache, ProofOfWork proof, string slug,
        string error, [FromQuery] string? reported) => ServiceErrorIn(pages, cache, proof, slug, error, reported, SiteLanguage.English);

    /// <summary>A service × error page in Simplified Chinese; its report form comes back to it.</summary>
    public static Task<IResult> ChineseServiceError(SitePages pages, PageCache cache, ProofOfWork proof, string slug,
        string error, [FromQuery] string? reported) => ServiceErrorIn(pages, cache, proof, slug, error, reported, SiteLanguage.Chinese);

    private static Task<IResult> ServiceErrorIn(SitePages pages, PageCache cache, ProofOfWork proof, string slug,
        string error, string? reported, SiteLanguage language)
    {
        var path = $"{language.Prefix}/status/{slug}/errors/{error}";
        return Serve(pages, cache, Key(path, ("reported", Reported(reported))), Known(pages, slug), async () =>
            await pages.ServiceErrorAsync(slug, error, language, CancellationToken.None) is { } model
                ? new PageRender(language == SiteLanguage.English ? typeof(ServiceErrorPage) : typeof(ChineseServiceErrorPage), model with
                {
                    Status = model.Status with { ReportForm = Form(proof, slug, path, reported) },
                })
                : null);
    }

    public static Task<IResult> ErrorsGuide(SitePages pages, PageCache cache) => Guide(pages, cache, SiteLanguage.English);

    public static Task<IResult> ChineseErrorsGuide(SitePages pages, PageCache cache) => Guide(pages, cache, SiteLanguage.Chinese);

    public static Task<IResult> Error(SitePages pages, PageCache cache, string error) => ErrorIn(pages, cache, error, SiteLanguage.English);

    /// <summary>An error guide in Simplified Chinese (the catalog's <c>zh_cn</c> words).</summary>
    public static Task<IResult> ChineseError(SitePages pages, PageCache cache, string error) => ErrorIn(pages, cache, error, SiteLanguage.Chinese);

    private static Task<IResult> Guide(SitePages pages, PageCache cache, SiteLanguage language) =>
        Serve(pages, cache, $"{language.Prefix}/errors", null,
            () => Task.FromResult<PageRender?>(new(typeof(ErrorsGuidePage), pages.ErrorsGuide(language))));

    private static Task<IResult> ErrorIn(SitePages pages, PageCache cache, string error, SiteLanguage language) =>
        Serve(pages, cache, $"{language.Prefix}/errors/{error}", null,
            () => Task.FromResult(pages.Error(error, language) is { } model ? new PageRender(typeof(ErrorPage), model) : null));

    public static Task<IResult> Methodology(SitePages pages, PageCache cache, Domain.Status.StatusEngine engine) =>
        Serve(pages, cache, "/methodology", null, () => Task.FromResult<PageRender?>(new(typeof(MethodologyPage), new MethodologyModel(
            pages.Frame($"How {pages.SiteName} decides a status — methodology",
                "How Downwatch turns probes, official status pages and user reports into a status with evidence.", "/methodology", SiteLanguage.English),
            engine.Options))));

    /// <summary>The methodology in Simplified Chinese: the same rules and numbers, the rule table in the engine's own English.</summary>
    public static Task<IResult> ChineseMethodology(SitePages pages, PageCache cache, Domain.Status.StatusEngine engine) =>
        Serve(pages, cache, "/zh-CN/methodology", null, () => Task.FromResult<PageRender?>(new(typeof(ChineseMethodologyPage), new MethodologyModel(
            pages.Frame(SiteLanguage.Chinese.Text("MethodologyTitle", pages.SiteName), SiteLanguage.Chinese.Text("MethodologyDescription"), "/methodology",
                SiteLanguage.Chinese),
            engine.Options))));

    public static IResult Locations(SitePages pages, IServiceProvider services) =>
        LocationsIn(pages, services, SiteLanguage.English);

    public static IResult ChineseLocations(SitePages pages, IServiceProvider services) =>
        LocationsIn(pages, services, SiteLanguage.Chinese);

    private static RazorComponentResult<LocationsPage> LocationsIn(SitePages pages, IServiceProvider services, SiteLanguage language)
    {
        return View<LocationsPage>(new LocationsModel(
            pages.Frame(language.Text("LocationsTitle", pages.SiteName), language.Text("LocationsDescription"), "/locations", language),
            services.GetService<Downwatch.Probing.Scheduling.SchedulerStats>()));
    }

    public static IResult Fallback(SitePages pages, HttpContext context) =>
        Missing(pages, (context.Request.Path.Value ?? "/") + context.Request.QueryString);

    /// <summary>An address that names no page: a permanent redirect when it names one in other letter case
    /// (<c>/status/Baidu-Ernie</c>), else the 404 page with what the visitor most likely meant.</summary>
    private static IResult Missing(SitePages pages, string key)
    {
        var path = key.Split('?')[0];
        var wanted = Aliased(pages, path) ?? path;
        return pages.CanonicalPath(wanted) is { } page && page != path
            ? TypedResults.Redirect(page + key[path.Length..], permanent: true)
            : NotFound(pages, path);
    }

    /// <summary><paramref name="path"/> with a service's other name (<c>/status/sensechat</c>) replaced by its slug, or null.</summary>
    private static string? Aliased(SitePages pages, string path)
    {
        var match = ServiceAddress().Match(path);
        if (!match.Success)
        {
            return null;
        }

        var name = match.Groups["status"].Success ? match.Groups["status"] : match.Groups["down"];
        return pages.Aliases.Resolve(Uri.UnescapeDataString(name.Value)) is { } slug
            ? path[..name.Index] + slug + path[(name.Index + name.Length)..]
            : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^(?:(?:/zh-CN)?/status/(?<status>[^/]+)(?:/errors/[^/]+|/provider-lag)?|(?:/zh-CN)?/is-(?<down>.+)-down)$",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex ServiceAddress();

    /// <summary>The 404 page, in Chinese for an address under <c>/zh-CN/</c>, whose suggestions are then Chinese pages too.</summary>
    private static RazorComponentResult<NotFoundPage> NotFound(SitePages pages, string path)
    {
        var language = path.StartsWith("/zh-CN/", StringComparison.OrdinalIgnoreCase) ? SiteLanguage.Chinese : SiteLanguage.English;
        var suggestions = Domain.Site.PageSuggestions.For(pages.Catalog, path);
        if (language == SiteLanguage.Chinese)
        {
            suggestions = suggestions.Select(s => s.Service is { } service ? s with { Title = ChineseNames.Display(service), Path = language.Prefix + s.Path }
                : s.Error is { } error ? s with { Title = ErrorGuideText.For(error, language).Title, Path = language.Prefix + s.Path }
                : s).ToList();
        }

        var frame = pages.Frame(language.Text("NotFoundTitle", pages.SiteName), language.Text("NotFoundDescription"), path) with { Language = language };
        return new(new Dictionary<string, object?> { ["Model"] = new NotFoundModel(frame, path, suggestions) })
        {
            StatusCode = StatusCodes.Status404NotFound,
        };
    }

    /// <summary>A page from the cache. Only the site's own page addresses reach the cache; any other (another letter
    /// case, a name that is no page) is answered by <see cref="Missing"/> and kept nowhere: any path can be asked.</summary>
    private static async Task<IResult> Serve(SitePages pages, PageCache cache, string key, string? service, Func<Task<PageRender?>> render)
    {
        var path = key.Split('?')[0];
        return pages.CanonicalPath(path) == path && await cache.GetAsync(key, service, render) is { } page
            ? new RenderedPageResult(page)
            : Missing(pages, key);
    }

    /// <summary>The slug when the catalog has it (so report statistics are looked up for real services only).</summary>
    private static string? Known(SitePages pages, string slug) => pages.Catalog.FindService(slug) is null ? null : slug;

    private static ReportFormModel Form(ProofOfWork proof, string slug, string back, string? reported) =>
        new(slug, back, Reported(reported)) { ProofRequired = proof.Enabled, ProofDifficulty = proof.Difficulty };

    /// <summary>Only the two known thank-you notes; anything else shows none (and shares the plain page's cache entry).</summary>
    private static string? Reported(string? reported) => reported is "thanks" or "again" ? reported : null;

    private static string Key(string path, params (string Name, string? Value)[] query) =>
        QueryHelpers.AddQueryString(path, query.Where(q => !string.IsNullOrEmpty(q.Value)).Select(q => KeyValuePair.Create(q.Name, q.Value)));

    private sealed class RenderedPageResult(RenderedPage page) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => PageCache.WriteAsync(httpContext, page);
    }

    private static RazorComponentResult<T> View<T>(object model)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        new(new Dictionary<string, object?> { ["Model"] = model });
}
