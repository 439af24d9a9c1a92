using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;
using Downwatch.Feeds.Polling;
using Microsoft.Extensions.DependencyInjection;
using Downwatch.TestSupport;

namespace Downwatch.Web.Tests;

/// <summary>The "Official status" section of the service and service × error pages, fed by a real read of a captured payload.</summary>
public class OfficialStatusPageTests
{
    [Fact]
    public async Task Pages_say_plainly_when_there_is_no_page_no_feed_or_no_read_yet()
    {
        await using var site = await TestSite.StartAsync();
        var ernie = await site.PageAsync("/status/baidu-ernie");
        Assert.Contains("no public status page that we know of", ernie.QuerySelector("#official-status")!.TextContent, StringComparison.Ordinal);
        var mistral = await site.PageAsync("/status/mistral");
        Assert.Contains("offers no feed we can read", mistral.QuerySelector("#official-status")!.TextContent, StringComparison.Ordinal);
        var anthropic = await site.PageAsync("/status/anthropic/errors/authentication-failed");
        var section = anthropic.QuerySelector("#official-status")!;
        Assert.Contains("We have not read", section.TextContent, StringComparison.Ordinal);
        Assert.Equal("https://status.claude.com", section.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_vendors_word_its_open_incident_the_source_and_the_last_read_sit_beside_our_view()
    {
        await using var feed = await FeedServer.StartAsync();
        feed.Next = "statuspage-v2-summary__claude-console-degraded.json";
        await using var site = await TestSite.StartAsync(CatalogWithFeed("https://status.claude.com/api/v2/summary.json", feed.Url("/feed")));
        await ReadFeedAsync(site, feed);
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        var now = site.Time.GetUtcNow();
        await site.ObserveAsync(Observations.Probes(catalog, "anthropic", now, ProbeOutcome.Down, c => c.Slug == "api"));
        await site.ObserveAsync(Observations.Probes(catalog, "anthropic", now, ProbeOutcome.Up, c => c.Slug == "console"));

        foreach (var path in new[] { "/status/anthropic", "/status/anthropic/errors/authentication-failed" })
        {
            var page = await site.PageAsync(path);
            var section = page.QuerySelector("#official-status")!;
            Assert.Contains("Partially Degraded Service", section.QuerySelector(".vendor-summary")!.TextContent, StringComparison.Ordinal);
            Assert.Equal("https://status.claude.com", section.QuerySelector("a.source")!.GetAttribute("href"));
            Assert.Contains("just now", section.QuerySelector(".last-read")!.TextContent, StringComparison.Ordinal);
            Assert.Equal("DegradedPerformance", section.QuerySelector("tr[data-official=console]")!.GetAttribute("data-vendor-status"));
            Assert.Equal("Operational", section.QuerySelector("tr[data-official=api]")!.GetAttribute("data-vendor-status"));
            var incident = section.QuerySelector("li.vendor-incident[data-open=true]")!;
            Assert.Contains("Elevated errors on platform.claude.com", incident.QuerySelector("h4")!.TextContent, StringComparison.Ordinal);
            Assert.Equal("https://stspg.io/sjkw7njwf0mt", incident.QuerySelector("h4 a")!.GetAttribute("href"));
            var updates = incident.QuerySelectorAll("ul.vendor-updates li").Select(li => li.TextContent).ToList();
            Assert.Equal(4, updates.Count);
            Assert.StartsWith("Monitoring 2026-10-07 21:44 UTC", updates[0], StringComparison.Ordinal);
            Assert.Contains("affects Claude Console", incident.TextContent, StringComparison.Ordinal);
        }

        var service = await site.PageAsync("/status/anthropic");
        var evidence = service.QuerySelectorAll(".evidence li").Select(li => li.TextContent).ToList();
        Assert.Contains(evidence, e => e.Contains("Not yet acknowledged by the provider: its status page still says operational for API", StringComparison.Ordinal));
        var console = service.QuerySelector("tr[data-component=console]")!;
        Assert.Equal("degraded", console.QuerySelector(".pill")!.GetAttribute("data-status"));
        Assert.Contains("The provider's status page (status.claude.com) says degraded for Claude Console: \"Elevated errors on platform.claude.com\"",
            console.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Last_checked_names_our_probes_and_the_status_page_apart_so_a_fresh_read_never_hides_stale_probes()
    {
        await using var feed = await FeedServer.StartAsync();
        feed.Next = "statuspage-v2-summary__claude-console-degraded.json";
        await using var site = await TestSite.StartAsync(CatalogWithFeed("https://status.claude.com/api/v2/summary.json", feed.Url("/feed")));
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        await site.ObserveAsync(Observations.Probes(catalog, "anthropic", site.Time.GetUtcNow() - TimeSpan.FromMinutes(40), ProbeOutcome.Up));
        await ReadFeedAsync(site, feed);
        await site.ObserveAsync(SignalSet.Empty);

        // Our 40-minute-old results have aged out of the window; the status page was read just now. The old line
        // said "Last checked: just now" beside stale probes.
        var page = await site.PageAsync("/status/anthropic");
        var line = page.QuerySelector(".last-checked")!.TextContent;
        Assert.Matches(@"no recent probe result\s*· the provider's status page\s+just now", line);
        var home = await site.PageAsync("/");
        Assert.Contains("no recent probe result", home.QuerySelector("li.service[data-service=anthropic] .checked")!.TextContent, StringComparison.Ordinal);
        var ernie = await site.PageAsync("/status/baidu-ernie");
        Assert.DoesNotContain("just now", ernie.QuerySelector(".last-checked")!.TextContent, StringComparison.Ordinal);
    }

    /// <summary>One read of the captured Claude summary, as the feed poller would do it.</summary>
    private static async Task ReadFeedAsync(TestSite site, FeedServer feed)
    {
        var sync = site.Services.GetRequiredService<OfficialStatusSync>();
        await sync.PollAsync(sync.Sources.Single(s => s.Url == feed.Url("/feed")), CancellationToken.None);
    }

    private static string CatalogWithFeed(string feedUrl, string replacement)
    {
        var dir = Directory.CreateTempSubdirectory("downwatch-feedcatalog").FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "catalog"), "*.yaml"))
        {
            File.WriteAllText(Path.Combine(dir, Path.GetFileName(file)), File.ReadAllText(file).Replace(feedUrl, replacement, StringComparison.Ordinal));
        }

        return dir;
    }
}
