using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;
using Downwatch.Web.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Downwatch.E2E;

/// <summary>axe-core (WCAG 2.x A and AA rules) in Chromium on the pages visitors land on, light and dark, desktop and phone.</summary>
public class AccessibilityTests
{
    /// <summary>Every kind of public page, in both languages, and the 404 page.</summary>
    private static readonly string[] Pages =
    [
        "/", "/status/openai", "/is-openai-down", "/status/openai/errors/rate-limit-exceeded", "/status/openai/provider-lag", "/errors",
        "/errors/authentication-failed", "/methodology", "/locations", "/diagnose", "/status/ernie", "/status/no-such-service",
        "/zh-CN/", "/zh-CN/status/baidu-ernie", "/zh-CN/is-openai-down", "/zh-CN/status/baidu-ernie/errors/authentication-failed",
        "/zh-CN/status/openai/provider-lag", "/zh-CN/errors/rate-limit-exceeded", "/zh-CN/methodology", "/zh-CN/diagnose",
        "/zh-CN/errors", "/zh-CN/locations", "/zh-CN/status/no-such-service",
    ];

    [Theory]
    [InlineData(ColorScheme.Light, 1280)]
    [InlineData(ColorScheme.Dark, 1280)]
    [InlineData(ColorScheme.Dark, 390)]
    [InlineData(ColorScheme.Light, 320)]
    public async Task Main_pages_have_no_accessibility_violations_and_fit_the_window(ColorScheme scheme, int width)
    {
        await using var site = await TestSite.StartAsync();
        // A service with every status pill on the page: a major outage, one operational service, the rest unknown.
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        await site.ObserveAsync(Observations.Probes(catalog, "openai", site.Time.GetUtcNow(), ProbeOutcome.Down, c => c.Slug == "api"));
        await site.ObserveAsync(Observations.Probes(catalog, "deepseek", site.Time.GetUtcNow(), ProbeOutcome.Up));
        var (playwright, browser) = await BrowserTests.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var context = await browser.NewContextAsync(new() { ColorScheme = scheme, ViewportSize = new() { Width = width, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(120_000);
        var found = new List<string>();
        foreach (var path in Pages)
        {
            await page.GotoAsync(new Uri(site.Client.BaseAddress!, path).ToString());
            var result = await page.RunAxe(new AxeRunOptions
            {
                RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
            });
            var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            if (scrollWidth > width)
            {
                found.Add($"{path}: the page is {scrollWidth} px wide in a {width} px window (it scrolls sideways)");
            }

            found.AddRange(result.Violations.SelectMany(v => v.Nodes.Select(n => $"{path}: {v.Id} ({v.Impact}) at {n.Target}: {string.Join("; ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message))}")));
            if (path == "/status/openai")
            {
                Directory.CreateDirectory(BrowserTests.ScreenshotDirectory);
                await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserTests.ScreenshotDirectory, $"service-{scheme}-{width}.png"), FullPage = true });
            }
        }

        Assert.True(found.Count == 0, $"{found.Count} violations ({scheme}, {width} px):\n" + string.Join("\n", found.Take(40)));
    }
}
