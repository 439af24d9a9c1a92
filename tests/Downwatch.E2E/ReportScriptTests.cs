using Downwatch.Domain.Observations;
using Downwatch.Storage;
using Downwatch.Web.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Downwatch.E2E;

/// <summary>The report form enhanced by /assets/report.js in a real Chromium: sent with fetch, answered in place.</summary>
public class ReportScriptTests
{
    private static async Task<IReadOnlyList<CommunityReport>> ReportsAsync(TestSite site) =>
        await site.Services.GetRequiredService<IObservationStore>()
            .ReadReportsAsync(TestSite.Start - TimeSpan.FromDays(1), site.Time.GetUtcNow() + TimeSpan.FromDays(1));

    [Fact]
    public async Task A_report_is_sent_without_a_reload_with_the_buttons_disabled_meanwhile_and_refusals_shown_in_place()
    {
        await using var site = await TestSite.StartAsync(null, "--Reports:PermitsPerClient=2");
        var (playwright, browser) = await BrowserTests.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        page.SetDefaultTimeout(120_000); // the machine may be busy with other test projects
        var address = new Uri(site.Client.BaseAddress!, "/status/openai").ToString();
        await page.GotoAsync(address);
        var loads = 0;
        page.Load += (_, _) => loads++;

        // Hold the first send until the test has seen the buttons disabled.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/api/status/openai/reports", async route =>
        {
            held.TrySetResult();
            await release.Task;
            await route.ContinueAsync();
        });

        await page.ClickAsync("#report summary");
        await page.FillAsync("#report input[name=note]", "502 from the chat endpoint");
        await page.ClickAsync("#report button[value=api-errors]");
        await held.Task.WaitAsync(TimeSpan.FromSeconds(120));
        Assert.True(await page.Locator("#report button[value=slow]").IsDisabledAsync());
        Assert.Equal("Sending your report…", (await page.Locator("#report .report-status").TextContentAsync())?.Trim());
        release.TrySetResult();

        var status = page.Locator("#report .report-status.thanks");
        await status.WaitForAsync();
        Assert.Contains("your report is recorded", await status.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(address, page.Url); // no navigation, no ?reported=
        Assert.Equal(0, loads);
        Assert.False(await page.Locator("#report button[value=slow]").IsDisabledAsync());
        var stored = Assert.Single(await ReportsAsync(site));
        Assert.Equal(("api-errors", "502 from the chat endpoint"), (stored.Category, stored.Note));

        Directory.CreateDirectory(BrowserTests.ScreenshotDirectory);
        await page.Locator("#report").ScreenshotAsync(new() { Path = Path.Combine(BrowserTests.ScreenshotDirectory, "report-sent.png") });

        await page.ClickAsync("#report summary");
        await page.ClickAsync("#report button[value=slow]");
        await page.Locator("#report .report-status", new() { HasTextString = "counts once" }).WaitForAsync();

        await page.ClickAsync("#report button[value=works]");
        var refused = page.Locator("#report .report-status.error");
        await refused.WaitForAsync();
        Assert.Contains("several reports in a short time", await refused.TextContentAsync(), StringComparison.Ordinal);
        await page.Locator("#report").ScreenshotAsync(new() { Path = Path.Combine(BrowserTests.ScreenshotDirectory, "report-refused.png") });
        Assert.Single(await ReportsAsync(site));
        Assert.Equal(0, loads);
    }

    [Fact]
    public async Task With_proof_of_work_on_the_script_solves_the_challenge_and_a_fresh_one_is_fetched_after_each_send()
    {
        await using var site = await TestSite.StartAsync(null, "--Reports:ProofOfWork:Enabled=true", "--Reports:ProofOfWork:Difficulty=10");
        var (playwright, browser) = await BrowserTests.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        page.SetDefaultTimeout(120_000);
        await page.GotoAsync(new Uri(site.Client.BaseAddress!, "/status/openai?report=open").ToString());
        var first = await page.Locator("#report input[name=pow-challenge]").InputValueAsync();

        await page.ClickAsync("#report button[value=works]");
        await page.Locator("#report .report-status.thanks").WaitForAsync();
        Assert.Equal("works", Assert.Single(await ReportsAsync(site)).Category);

        await page.WaitForFunctionAsync("c => document.querySelector('#report input[name=pow-challenge]').value !== c", first);
        await page.ClickAsync("#report summary");
        await page.ClickAsync("#report button[value=login]");
        await page.Locator("#report .report-status", new() { HasTextString = "counts once" }).WaitForAsync(); // the fresh challenge passed
    }
}
