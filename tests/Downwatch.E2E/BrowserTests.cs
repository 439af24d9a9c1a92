using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;
using Downwatch.Web.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Downwatch.E2E;

/// <summary>Pages in a real headless Chromium (Debian's package; never a downloaded browser).</summary>
public class BrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string[] ChromiumFlags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    /// <summary>Screenshots land beside the test binaries, for a person to look at.</summary>
    internal static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "screenshots");

    internal static async Task<(IPlaywright, IBrowser)> LaunchAsync()
    {
        Assert.True(File.Exists(Chromium), "Chromium is missing: install the Debian 'chromium' package (.ci/run does).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ChromiumFlags, Timeout = 120_000 });
        return (playwright, browser);
    }

    [Fact]
    public async Task Home_page_loads_lists_services_and_filters_without_javascript()
    {
        await using var site = await TestSite.StartAsync();
        var (playwright, browser) = await LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var context = await browser.NewContextAsync(new() { JavaScriptEnabled = false, ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(120_000); // the machine may be busy with other test projects
        var response = await page.GotoAsync(site.Client.BaseAddress!.ToString());
        Assert.Equal(200, response!.Status);
        Assert.Equal(site.Services.GetRequiredService<ServiceCatalog>().Services.Count, await page.Locator("li.service").CountAsync());
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "home.png") });

        // Each navigation is awaited from before the click that starts it, so none can be missed.
        await page.FillAsync("#q", "ernie");
        var filtered = page.WaitForURLAsync("**/?q=ernie**", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.ClickAsync("form.filters button[type=submit]");
        await filtered;
        Assert.Equal(1, await page.Locator("li.service").CountAsync());
        var opened = page.WaitForURLAsync("**/status/baidu-ernie", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.ClickAsync("li.service a");
        await opened;
        Assert.Equal("Baidu ERNIE Bot / Qianfan status", (await page.Locator("h1").TextContentAsync())?.Trim());
    }

    [Fact]
    public async Task Service_error_page_shows_live_status_and_troubleshooting()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        await site.ObserveAsync(Observations.Probes(catalog, "sensetime-sensechat", site.Time.GetUtcNow(), ProbeOutcome.Up));
        var (playwright, browser) = await LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        page.SetDefaultTimeout(120_000); // the machine may be busy with other test projects
        await page.GotoAsync(new Uri(site.Client.BaseAddress!, "/status/sensetime-sensechat/errors/authentication-failed").ToString());
        Assert.Contains("Authentication Failed", await page.Locator("h1").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("Operational", (await page.Locator("#current-status .pill").TextContentAsync())?.Trim());
        Assert.True(await page.Locator("#fix ol li").CountAsync() > 0);
        Assert.True(await page.Locator("#faq details").CountAsync() > 0);
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "service-error.png"), FullPage = true });

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "service-error-dark.png") });
        var background = await page.EvaluateAsync<string>("getComputedStyle(document.documentElement).backgroundColor");
        Assert.Equal("rgb(13, 17, 23)", background);
    }
    [Theory]
    [InlineData("/", 320)]
    [InlineData("/", 1280)]
    [InlineData("/zh-CN/", 320)]
    [InlineData("/zh-CN/", 1280)]
    public async Task The_search_box_shows_its_whole_placeholder(string path, int width)
    {
        await using var site = await TestSite.StartAsync();
        var (playwright, browser) = await LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = width, Height = 800 } });
        page.SetDefaultTimeout(120_000);
        await page.GotoAsync(new Uri(site.Client.BaseAddress!, path).ToString());
        // The placeholder's width in the box's own font against the room inside the box.
        var measured = await page.EvaluateAsync<double[]>(@"() => {
            const q = document.querySelector('#q'), s = getComputedStyle(q);
            const c = document.createElement('canvas').getContext('2d');
            c.font = s.font;
            return [c.measureText(q.placeholder).width, q.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)];
        }");
        Assert.True(measured[0] <= measured[1], $"the placeholder needs {measured[0]:0} px, the box has {measured[1]:0} px");
    }
}
