using Downwatch.Domain.History;
using Downwatch.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Downwatch.Web.Tests;

/// <summary>The service page's 24-hour latency charts, drawn from the stored hourly rollups.</summary>
public class LatencyChartPageTests
{
    [Fact]
    public async Task Stored_hours_are_drawn_per_component_with_words_for_screen_readers_and_an_empty_chart_says_why()
    {
        await using var site = await TestSite.StartAsync();
        var empty = await site.PageAsync("/status/openai");
        Assert.StartsWith("No probe results in the last 24 complete hours", empty.QuerySelector("section.latency p.empty")!.TextContent, StringComparison.Ordinal);
        Assert.Null(empty.QuerySelector("figure.latency-chart"));

        var now = site.Time.GetUtcNow();
        var store = site.Services.GetRequiredService<IRollupStore>();
        for (var hoursAgo = 1; hoursAgo <= 3; hoursAgo++)
        {
            var start = ProbeRollup.HourOf(now) - TimeSpan.FromHours(hoursAgo);
            var latency = new LatencyHistogram();
            latency.Add(200 * hoursAgo, 10);
            await store.ReplaceAsync(RollupSpan.Hour, start,
                [new ProbeRollup("openai", "api", "api-models", "eu", start, 12, 0, hoursAgo == 2 ? 2 : 0, new Dictionary<string, int>(), latency)]);
        }

        await site.ObserveAsync(Domain.Observations.SignalSet.Empty);
        var page = await site.PageAsync("/status/openai");
        var chart = page.QuerySelector("figure.latency-chart[data-component=api]")!;
        Assert.Single(chart.QuerySelectorAll("polyline.median"));
        Assert.Equal(3, chart.QuerySelector("polyline.median")!.GetAttribute("points")!.Split(' ').Length);
        Assert.Single(chart.QuerySelectorAll("rect.failure"));
        Assert.Equal(24, chart.QuerySelectorAll("rect.hour title").Length);
        var label = chart.QuerySelector("svg")!.GetAttribute("aria-label")!;
        Assert.Matches(@"^API: median latency \d+ to \d+ ms per hour over the last 24 hours; 1 hours with failed probes$", label);
        Assert.Contains("2 failed", chart.QuerySelectorAll("rect.hour title")[^2].TextContent, StringComparison.Ordinal);
        // A component without stored hours is drawn empty beside it, and says it had no answer.
        Assert.All(page.QuerySelectorAll("figure.latency-chart:not([data-component=api]) svg"),
            svg => Assert.Contains("no correct answer", svg.GetAttribute("aria-label"), StringComparison.Ordinal));

        var chinese = await site.PageAsync("/zh-CN/status/openai");
        Assert.Equal("过去 24 小时的延迟", chinese.QuerySelector("#latency-heading")!.TextContent);
        Assert.Contains("毫秒", chinese.QuerySelector("figure.latency-chart[data-component=api] svg")!.GetAttribute("aria-label"), StringComparison.Ordinal);
    }
}
