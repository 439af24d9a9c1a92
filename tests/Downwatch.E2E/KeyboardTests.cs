using Downwatch.Storage;
using Downwatch.Web.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Downwatch.E2E;

/// <summary>The forms a visitor uses — filters, report, diagnose — with the keyboard only, in a real Chromium: every
/// control is reached with Tab, shows where the focus is, and works with Enter and the arrow keys.</summary>
public class KeyboardTests
{
    /// <summary>Presses Tab until the focused element matches <paramref name="selector"/> (at most 200 times), and
    /// asserts that it shows a focus ring.</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 200; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) === true", selector))
            {
                var outline = await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
                Assert.NotEqual("none", outline);
                return;
            }
        }

        Assert.Fail($"Tab never reached {selector}");
    }

    private static async Task<(IPlaywright, IBrowser, IPage)> OpenAsync(TestSite site, string path)
    {
        var (playwright, browser) = await BrowserTests.LaunchAsync();
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        page.SetDefaultTimeout(120_000); // the machine may be busy with other test projects
        await page.GotoAsync(new Uri(site.Client.BaseAddress!, path).ToString());
        return (playwright, browser, page);
    }

    [Fact]
    public async Task The_home_filters_work_from_the_keyboard_and_the_first_tab_offers_the_skip_link()
    {
        await using var site = await TestSite.StartAsync();
        var (playwright, browser, page) = await OpenAsync(site, "/");
        using var _ = playwright;
        await using var __ = browser;

        await TabToAsync(page, "a.skip");
        Assert.True(await page.Locator("a.skip").IsVisibleAsync()); // shown while focused
        await TabToAsync(page, "#q");
        await page.Keyboard.TypeAsync("ernie");
        await TabToAsync(page, "#category");
        for (var i = 0; i < 20 && await page.InputValueAsync("#category") != "llm-api"; i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        Assert.Equal("llm-api", await page.InputValueAsync("#category"));
        await TabToAsync(page, "form.filters button[type=submit]");
        var filtered = page.WaitForURLAsync("**/?q=ernie&category=llm-api**", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await page.Keyboard.PressAsync("Enter");
        await filtered;
        Assert.Equal(["baidu-ernie"], await page.Locator("li[data-service]").EvaluateAllAsync<string[]>("l => l.map(x => x.dataset.service)"));
    }

    [Fact]
    public async Task A_report_is_opened_written_and_sent_from_the_keyboard()
    {
        await using var site = await TestSite.StartAsync();
        var (playwright, browser, page) = await OpenAsync(site, "/status/openai");
        using var _ = playwright;
        await using var __ = browser;

        await TabToAsync(page, "#report summary");
        await page.Keyboard.PressAsync("Enter");
        Assert.True(await page.Locator("#report details[open]").IsVisibleAsync());
        await TabToAsync(page, "#report input[name=note]");
        await page.Keyboard.TypeAsync("429 on every call");
        await TabToAsync(page, "#report button[value=rate-limited]");
        await page.Keyboard.PressAsync("Enter");
        var thanks = page.Locator("#report .report-status.thanks");
        await thanks.WaitForAsync();
        Assert.Contains("your report is recorded", await thanks.TextContentAsync(), StringComparison.Ordinal);
        var stored = Assert.Single(await site.Services.GetRequiredService<IObservationStore>()
            .ReadReportsAsync(TestSite.Start - TimeSpan.FromDays(1), site.Time.GetUtcNow() + TimeSpan.FromDays(1)));
        Assert.Equal(("rate-limited", "429 on every call"), (stored.Category, stored.Note));
    }

    [Fact]
    public async Task A_pasted_error_is_diagnosed_from_the_keyboard()
    {
        await using var site = await TestSite.StartAsync();
        var (playwright, browser, page) = await OpenAsync(site, "/diagnose");
        using var _ = playwright;
        await using var __ = browser;

        await TabToAsync(page, "textarea[name=text]");
        await page.Keyboard.TypeAsync("openai.AuthenticationError: Error code: 401 - Incorrect API key provided: sk-abc***");
        await TabToAsync(page, "form.diagnose button[type=submit]");
        var answered = page.WaitForResponseAsync(r => r.Url.EndsWith("/diagnose", StringComparison.Ordinal) && r.Request.Method == "POST");
        await page.Keyboard.PressAsync("Enter");
        await answered;
        var answer = page.Locator("#answer");
        await answer.WaitForAsync();
        Assert.Equal("authentication-failed", await answer.GetAttributeAsync("data-error"));
        Assert.Equal("openai", await answer.GetAttributeAsync("data-provider"));
    }
}
