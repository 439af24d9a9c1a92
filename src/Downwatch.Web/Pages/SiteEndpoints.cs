using System.Xml.Linq;
using Microsoft.Extensions.Options;

namespace Downwatch.Web.Pages;

/// <summary>sitemap.xml, robots.txt, the stylesheet and the live-status script (embedded, so the binary needs no web root).</summary>
public static class SiteEndpoints
{
    private static readonly Lazy<(byte[] Bytes, string ETag)> Stylesheet = new(() => Embedded("assets/site.css"));
    private static readonly Lazy<(byte[] Bytes, string ETag)> LiveScript = new(() => Embedded("assets/live.js"));

    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";

    public static IEndpointRouteBuilder MapSiteEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sitemap.xml", SitemapXml);
        app.MapGet("/robots.txt", Robots);
        app.MapGet("/site.css", (HttpContext c) => Asset(c, Stylesheet.Value, "text/css; charset=utf-8"));
        app.MapGet("/live.js", (HttpContext c) => Asset(c, LiveScript.Value, "text/javascript; charset=utf-8"));
        return app;
    }

    public static IEnumerable<string> PagePaths(SitePages pages)
    {
        yield return "/";
        yield return "/errors";
        yield return "/methodology";
        yield return "/locations";
        foreach (var error in pages.Catalog.Errors)
        {
            yield return $"/errors/{error.Slug}";
        }

        foreach (var service in pages.Catalog.Services)
        {
            yield return $"/status/{service.Slug}";
            yield return $"/is-{service.Slug}-down";
            foreach (var error in pages.Catalog.Errors)
            {
                yield return $"/status/{service.Slug}/errors/{error.Slug}";
            }
        }
    }

    public static IResult SitemapXml(SitePages pages, IOptions<SiteOptions> site)
    {
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement(Sitemap + "urlset",
            PagePaths(pages).Select(p => new XElement(Sitemap + "url", new XElement(Sitemap + "loc", site.Value.Absolute(p))))));
        return TypedResults.Text(document.Declaration + document.ToString(SaveOptions.DisableFormatting), "application/xml");
    }

    private static IResult Asset(HttpContext context, (byte[] Bytes, string ETag) asset, string contentType)
    {
        context.Response.Headers.CacheControl = "public, max-age=3600";
        context.Response.Headers.ETag = asset.ETag;
        return context.Request.Headers.IfNoneMatch == asset.ETag
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(asset.Bytes, contentType);
    }

    private static (byte[] Bytes, string ETag) Embedded(string name)
    {
        using var stream = typeof(SiteEndpoints).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded asset {name} is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        return (bytes, $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..16]}\"");
    }

    public static IResult Robots(IOptions<SiteOptions> site) =>
        TypedResults.Text($"User-agent: *\nAllow: /\nSitemap: {site.Value.Absolute("/sitemap.xml")}\n", "text/plain");
}
