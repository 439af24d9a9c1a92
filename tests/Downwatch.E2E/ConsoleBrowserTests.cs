using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Operators;
using Downwatch.Web.Tests;
using Downwatch.Web.Tests.Console;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Downwatch.E2E;

/// <summary>The operator console in Chromium, without and with JavaScript: sign in, open an incident, post an update,
/// schedule maintenance, set a status, issue and revoke a key — the public page checked after each step, screenshots
/// kept in bin/…/screenshots/console-*.png, and axe-core run on every console page.</summary>
public class ConsoleBrowserTests
{
    private static readonly RunOnlyOptions Wcag = new() { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_operator_runs_an_incident_from_sign_in_to_revoke(bool javaScript)
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        await site.ObserveAsync(Observations.Probes(catalog, "openai", site.Time.GetUtcNow(), ProbeOutcome.Up));
        var password = await ConsoleClient.AccountAsync(site, "ada", OperatorRole.Admin);
        var (playwright, browser) = await BrowserTests.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var context = await browser.NewContextAsync(new() { JavaScriptEnabled = javaScript, ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(120_000);
        var root = site.Client.BaseAddress!;
        var suffix = javaScript ? "js" : "nojs";
        Directory.CreateDirectory(BrowserTests.ScreenshotDirectory);
        // Each navigation is awaited from before the click that starts it, so none can be missed.
        async Task Click(string selector, string glob)
        {
            var arrived = page.WaitForURLAsync(glob, new() { WaitUntil = WaitUntilState.DOMContentLoaded });
            await page.ClickAsync(selector);
            await arrived;
        }

        Task Shot(string name) => page.ScreenshotAsync(new() { Path = Path.Combine(BrowserTests.ScreenshotDirectory, $"console-{name}-{suffix}.png"), FullPage = true });

        await page.GotoAsync(new Uri(root, "/admin/incidents").ToString());
        Assert.EndsWith("/admin/sign-in?returnUrl=%2Fadmin%2Fincidents", page.Url, StringComparison.Ordinal);
        await page.FillAsync("#name", "ada");
        await page.FillAsync("#password", password);
        await Shot("sign-in");
        await Click("button:text('Sign in')", "**/admin/incidents");
        Assert.EndsWith("/admin/incidents", page.Url, StringComparison.Ordinal);

        await page.SelectOptionAsync("#target", ["openai/api"]);
        await page.FillAsync("#title", "Elevated 529s from chat completions");
        await page.SelectOptionAsync("#status", ["partial-outage"]);
        await page.FillAsync("#text", "We see elevated 529 errors in eu-west; investigating.");
        await Click("button:text('Open incident')", "**/admin/incidents/*?done=incident");
        Assert.Contains("Incident posted.", await page.InnerTextAsync("[role=status]"), StringComparison.Ordinal);
        await page.SelectOptionAsync("#phase", ["identified"]);
        await page.FillAsync("#text", "A bad deploy at the provider; rolled back.");
        await Click("button:text('Post update')", "**/admin/incidents/*?done=update");
        await Shot("incident");

        var visitor = await context.NewPageAsync();
        await visitor.GotoAsync(new Uri(root, "/status/openai").ToString());
        var publicText = await visitor.InnerTextAsync("main");
        Assert.Contains("A bad deploy at the provider; rolled back.", publicText, StringComparison.Ordinal);
        Assert.Contains("We see elevated 529 errors in eu-west; investigating.", publicText, StringComparison.Ordinal);

        var now = site.Time.GetUtcNow();
        await page.GotoAsync(new Uri(root, "/admin/statements").ToString());
        await page.SelectOptionAsync("#m-target", ["openai/console"]);
        await page.FillAsync("#m-starts", (now + TimeSpan.FromHours(1)).ToString("yyyy-MM-ddTHH:mm"));
        await page.FillAsync("#m-ends", (now + TimeSpan.FromHours(2)).ToString("yyyy-MM-ddTHH:mm"));
        await page.FillAsync("#m-text", "Console upgrade; sign-in may fail.");
        await Click("button:text('Schedule')", "**/admin/statements?done=maintenance");
        await page.SelectOptionAsync("#o-target", ["openai/api"]);
        await page.SelectOptionAsync("#o-status", ["degraded"]);
        await page.FillAsync("#o-reason", "Confirmed by the provider's support");
        await Click("button:text('Set status')", "**/admin/statements?done=override");
        await site.ObserveAsync(Observations.Probes(catalog, "openai", site.Time.GetUtcNow(), ProbeOutcome.Up));
        await Shot("statements");

        await visitor.GotoAsync(new Uri(root, "/status/openai").ToString());
        publicText = await visitor.InnerTextAsync("main");
        Assert.Contains("Planned:", publicText, StringComparison.Ordinal);
        Assert.Contains("Set by the operator to degraded until", publicText, StringComparison.Ordinal);
        await visitor.ScreenshotAsync(new() { Path = Path.Combine(BrowserTests.ScreenshotDirectory, $"console-public-{suffix}.png"), FullPage = true });

        await page.GotoAsync(new Uri(root, "/admin/access").ToString());
        await page.SelectOptionAsync("#kind", ["key"]);
        await page.FillAsync("#name", "router");
        await Click("button:text('Issue')", "**/admin/access/issue");
        var key = await page.InnerTextAsync("code.secret");
        Assert.StartsWith("dwk_", key, StringComparison.Ordinal);
        await Click("button[aria-label='Revoke router']", "**/admin/access?done=revoked");
        Assert.Contains("revoked", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await page.GotoAsync(new Uri(root, "/admin/audit").ToString());
        await Shot("audit");
        Assert.Contains("key-revoked", await page.InnerTextAsync("table"), StringComparison.Ordinal);
        Assert.DoesNotContain(key, await page.ContentAsync(), StringComparison.Ordinal);

        await Click("button:text('Sign out')", "**/admin/sign-in");
        Assert.Contains("/admin/sign-in", page.Url, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ColorScheme.Light, 1280)]
    [InlineData(ColorScheme.Dark, 1280)]
    [InlineData(ColorScheme.Dark, 390)]
    public async Task Console_pages_have_no_accessibility_violations_and_fit_the_window(ColorScheme scheme, int width)
    {
        await using var site = await TestSite.StartAsync();
        var password = await ConsoleClient.AccountAsync(site, "ada", OperatorRole.Admin);
        using (var client = new ConsoleClient(site))
        {
            // Something on every list: an incident, a running override.
            (await client.SignInAsync("ada", password)).Dispose();
            (await client.SubmitAsync("/admin/incidents", "form[action='/admin/incidents']", ("target", "openai"), ("title", "Slow answers"),
                ("status", "degraded"), ("text", "Investigating."))).Dispose();
            (await client.SubmitAsync("/admin/statements", "form[action='/admin/overrides']", ("target", "openai/api"), ("status", "degraded"),
                ("hours", "1"), ("reason", "Provider confirmed"))).Dispose();
        }

        var (playwright, browser) = await BrowserTests.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var context = await browser.NewContextAsync(new() { ColorScheme = scheme, ViewportSize = new() { Width = width, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(120_000);
        var root = site.Client.BaseAddress!;
        var found = new List<string>();
        await Check("/admin/sign-in");
        await page.FillAsync("#name", "ada");
        await page.FillAsync("#password", password);
        var signedIn = page.WaitForURLAsync("**/admin", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.ClickAsync("button:text('Sign in')");
        await signedIn;
        var incident = (await site.Services.GetRequiredService<Downwatch.Storage.IIncidentStore>().OpenAsync()).Single().Id;
        foreach (var path in new[] { "/admin", "/admin/incidents", $"/admin/incidents/{incident}", "/admin/statements", "/admin/access", "/admin/deliveries", "/admin/catalog", "/admin/audit" })
        {
            await Check(path);
        }

        Assert.True(found.Count == 0, $"{found.Count} problems ({scheme}, {width} px):\n" + string.Join("\n", found.Take(40)));

        async Task Check(string path)
        {
            await page.GotoAsync(new Uri(root, path).ToString());
            var result = await page.RunAxe(new AxeRunOptions { RunOnly = Wcag });
            found.AddRange(result.Violations.SelectMany(v => v.Nodes.Select(n => $"{path}: {v.Id} ({v.Impact}) at {n.Target}: {string.Join("; ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message))}")));
            var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            if (scrollWidth > width)
            {
                found.Add($"{path}: the page is {scrollWidth} px wide in a {width} px window (it scrolls sideways)");
            }
        }
    }
}
