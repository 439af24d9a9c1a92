using Downwatch.Domain.Site;
using System.ServiceModel.Syndication;
using System.Xml;
using Downwatch.Domain.Incidents;
using Downwatch.Storage;
using Downwatch.Web.Pages;
using Downwatch.Status;
using Microsoft.Extensions.Options;

namespace Downwatch.Web.Integrations;

/// <summary>RSS 2.0 and Atom feeds of incidents (the last 30 days), for the whole site and per service.</summary>
internal static class IncidentFeedEndpoints
{
    public static IEndpointRouteBuilder MapIncidentFeedEndpoints(this IEndpointRouteBuilder app)
    {
        // Bound at run time, not by the request delegate generator, which does not bind these [AsParameters] services.
        Delegate siteRss = (HttpContext c, [AsParameters] FeedSources from) => WriteAsync(c, from, null, rss: true);
        Delegate siteAtom = (HttpContext c, [AsParameters] FeedSources from) => WriteAsync(c, from, null, rss: false);
        Delegate serviceRss = (HttpContext c, [AsParameters] FeedSources from, string slug) => WriteAsync(c, from, slug, rss: true);
        Delegate serviceAtom = (HttpContext c, [AsParameters] FeedSources from, string slug) => WriteAsync(c, from, slug, rss: false);
#pragma warning disable RDG002 // meant: these endpoints are bound at run time
        app.MapGet("/incidents.rss", siteRss).CachedPerRound();
        app.MapGet("/incidents.atom", siteAtom).CachedPerRound();
        app.MapGet("/status/{slug}/incidents.rss", serviceRss).CachedPerRound();
        app.MapGet("/status/{slug}/incidents.atom", serviceAtom).CachedPerRound();
#pragma warning restore RDG002
        return app;
    }

    /// <summary>What a feed is written from.</summary>
    internal sealed record FeedSources(StatusBoard Board, IOptions<SiteOptions> Site, TimeProvider Time, IIncidentStore Incidents,
        IVendorIncidentStore VendorIncidents);

    private static async Task<IResult> WriteAsync(HttpContext context, FeedSources from, string? slug, bool rss)
    {
        var catalog = from.Board.Catalog;
        var site = from.Site.Value;
        var now = from.Time.GetUtcNow();
        var service = slug is null ? null : catalog.FindService(slug);
        if (slug is not null && service is null)
        {
            return TypedResults.NotFound();
        }

        var incidents = await from.Incidents.ListAsync(slug, now - TimeSpan.FromDays(30), context.RequestAborted);
        var theirs = await from.VendorIncidents.AroundAsync(incidents, context.RequestAborted);
        var title = service is null ? $"{site.Name}: incidents of AI services" : $"{service.Name} incidents — {site.Name}";
        var feed = new SyndicationFeed(title, "Incidents detected from our own probes, with every update.",
            new Uri(site.Absolute(service is null ? "/" : $"/status/{service.Slug}")), $"{site.Absolute("/")}#incidents{(slug is null ? "" : "-" + slug)}",
            incidents.Count == 0 ? now : incidents.Max(LastUpdate), incidents.Select(i => Item(i, catalog.FindService(i.Service)?.Name ?? i.Service, site, OfficialLag.For(i, theirs, now))));
        using var buffer = new MemoryStream();
        await using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Async = true, Encoding = new System.Text.UTF8Encoding(false) }))
        {
            SyndicationFeedFormatter formatter = rss ? new Rss20FeedFormatter(feed) : new Atom10FeedFormatter(feed);
            formatter.WriteTo(writer);
        }

        return TypedResults.Bytes(buffer.ToArray(), rss ? "application/rss+xml; charset=utf-8" : "application/atom+xml; charset=utf-8");
    }

    private static SyndicationItem Item(Incident incident, string serviceName, SiteOptions site, OfficialLag lag)
    {
        var body = string.Join("\n", incident.Timeline.Select(e => $"{e.At:yyyy-MM-dd HH:mm} UTC — {e.Phase}: {e.Attributed}")
            .Append(lag.Sentence(incident.IsOpen)));
        var item = new SyndicationItem(incident.Title, body, new Uri(site.Absolute($"/status/{incident.Service}")), incident.Id, LastUpdate(incident))
        {
            PublishDate = incident.StartedAt,
        };
        item.Categories.Add(new SyndicationCategory(serviceName));
        item.Categories.Add(new SyndicationCategory(incident.IsOpen ? "ongoing" : "resolved"));
        return item;
    }

    private static DateTimeOffset LastUpdate(Incident i) => i.Updates.Count == 0 ? i.StartedAt : i.Updates[^1].At;
}
