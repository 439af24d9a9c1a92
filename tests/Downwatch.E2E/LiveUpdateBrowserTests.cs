using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;
using Downwatch.Web.LiveUpdates;
using Downwatch.Web.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Downwatch.TestSupport;

namespace Downwatch.E2E;

public class LiveUpdateBrowserTests
{
    [Fact]
    public async Task An_open_status_page_updates_in_place_when_the_status_changes()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        await site.ObserveAsync(Observations.Probes(catalog, "deepseek", site.Time.GetUtcNow(), ProbeOutcome.Up));
        var (playwright, browser) = await BrowserTests.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        page.SetDefaultTimeout(120_000);
        await page.GotoAsync(new Uri(site.Client.BaseAddress!, "/status/deepseek").ToString());
        Assert.Equal("Operational", (await page.Locator("#current-status .pill").TextContentAsync())?.Trim());

        // Wait (bounded) until the page's script has its event stream open.
        var hub = site.Services.GetRequiredService<LiveUpdateHub>();
        await Eventually.ReachedAsync(() => Task.FromResult(hub.Readers > 0), TimeSpan.FromSeconds(120));

        Assert.Equal(1, hub.Readers);
        site.Time.Advance(TimeSpan.FromMinutes(10));
        await site.ObserveAsync(Observations.Probes(catalog, "deepseek", site.Time.GetUtcNow(), ProbeOutcome.Down));

        var pill = page.Locator("#current-status .pill");
        await Assertions.Expect(pill).ToHaveTextAsync("Major outage", new() { Timeout = 120_000 });
        Assert.Equal("major-outage", await pill.GetAttributeAsync("data-status"));
        // The evidence beside it is swapped in too: never a new status above old evidence.
        await Assertions.Expect(page.Locator("section.current .diagnosis")).Not.ToContainTextAsync("is up for us", new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("section.current")).ToContainTextAsync("503", new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("p.banner.live")).ToContainTextAsync("major outage", new() { Timeout = 120_000 });
        Directory.CreateDirectory(BrowserTests.ScreenshotDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserTests.ScreenshotDirectory, "live-update.png") });
    }
}
