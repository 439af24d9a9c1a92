using Downwatch.Domain.Site;
using System.Xml.Linq;
using Microsoft.Extensions.Options;

namespace Downwatch.Web.Pages;

/// <summary>sitemap.xml, robots.txt, the stylesheet, the icon, the web app manifest, the live-status script and the report form script (embedded, so the binary needs no web root).</summary>
internal static class SiteEndpoints
{
    private static readonly EmbeddedAsset Stylesheet = new("site.css", "text/css; charset=utf-8");

    /// <summary>The report form's progressive enhancement (sending without a reload, the optional proof of work).</summary>
    public static readonly EmbeddedAsset ReportScript = new("report.js", "text/javascript; charset=utf-8");

    /// <summary>Live status updates of open pages (Server-Sent Events).</summary>
    public static readonly EmbeddedAsset LiveScript = new("live.js", "text/javascript; charset=utf-8");

    private static readonly EmbeddedAsset Icon = new("favicon.svg", "image/svg+xml");

    private static readonly EmbeddedAsset Manifest = new("site.webmanifest", "application/manifest+json");

    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";

    public static IEndpointRouteBuilder MapSiteEndpoints(this IEndpointRouteBuilder builder)
    {
        var app = builder.MapGroup("").ExcludeFromDescription(); // files for browsers and crawlers, not API
        app.MapGet("/sitemap.xml", SitemapXml);
        app.MapGet("/robots.txt", Robots);
        app.MapGet("/site.css", Css);
        app.MapGet("/assets/report.js", ReportScript.Serve);
        app.MapGet("/live.js", LiveScript.Serve);
        app.MapGet("/favicon.svg", Icon.Serve);
        // Browsers and crawlers ask for /favicon.ico whatever a page links to.
        app.MapGet("/favicon.ico", () => TypedResults.Redirect("/favicon.svg", permanent: true));
        app.MapGet("/site.webmanifest", Manifest.Serve);
        return builder;
    }

    public static IEnumerable<string> PagePaths(SitePages pages)
    {
        yield return "/";
        yield return "/errors";
        yield return "/methodology";
        yield return "/locations";
        yield return "/zh-CN/";
        yield return "/zh-CN/errors";
        yield return "/zh-CN/methodology";
        yield return "/zh-CN/locations";
        foreach (var error in pages.Catalog.Errors)
        {
            yield return $"/errors/{error.Slug}";
            yield return $"/zh-CN/errors/{error.Slug}";
        }

        foreach (var service in pages.Catalog.Services)
        {
            yield return $"/status/{service.Slug}";
            yield return $"/zh-CN/status/{service.Slug}";
            yield return $"/is-{service.Slug}-down";
            yield return $"/zh-CN/is-{service.Slug}-down";
            yield return $"/status/{service.Slug}/provider-lag";
            yield return $"/zh-CN/status/{service.Slug}/provider-lag";
            foreach (var error in pages.Catalog.Errors)
            {
                yield return $"/status/{service.Slug}/errors/{error.Slug}";
                yield return $"/zh-CN/status/{service.Slug}/errors/{error.Slug}";
            }
        }
    }

    public static IResult SitemapXml(SitePages pages, IOptions<SiteOptions> site)
    {
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement(Sitemap + "urlset",
            PagePaths(pages).Select(p => new XElement(Sitemap + "url", new XElement(Sitemap + "loc", site.Value.Absolute(p))))));
        return TypedResults.Text(document.Declaration + document.ToString(SaveOptions.DisableFormatting), "application/xml");
    }

    public static IResult Css(HttpContext context) => Stylesheet.Serve(context);

    public static IResult Robots(IOptions<SiteOptions> site) =>
        TypedResults.Text($"User-agent: *\nAllow: /\nSitemap: {site.Value.Absolute("/sitemap.xml")}\n", "text/plain");
}
