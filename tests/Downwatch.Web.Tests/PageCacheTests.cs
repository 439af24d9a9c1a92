using System.Net;
using System.Text.RegularExpressions;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;
using Downwatch.Web.Pages;
using Microsoft.Extensions.DependencyInjection;

namespace Downwatch.Web.Tests;

public class PageCacheTests
{
    private static string Token(string html) =>
        Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

    [Fact]
    public async Task A_page_is_rendered_once_and_served_from_memory_until_the_status_changes()
    {
        await using var site = await TestSite.StartAsync();
        var cache = site.Services.GetRequiredService<PageCache>();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        await site.ObserveAsync(Observations.Probes(catalog, "deepseek", site.Time.GetUtcNow(), ProbeOutcome.Up));

        var first = await site.Client.GetStringAsync("/status/deepseek");
        var renders = cache.Renders;
        using var stranger = new HttpClient { BaseAddress = site.Client.BaseAddress };
        var second = await stranger.GetStringAsync("/status/deepseek");
        var third = await site.Client.GetStringAsync("/status/deepseek");
        Assert.Equal(renders, cache.Renders);
        Assert.Contains("Operational", first, StringComparison.Ordinal);
        // Each visitor gets a token of their own; the page around it is the same bytes.
        Assert.NotEqual(Token(first), Token(second));
        Assert.DoesNotContain(PageCache.TokenSlot, second, StringComparison.Ordinal);
        Assert.Equal(first.Replace(Token(first), "", StringComparison.Ordinal), second.Replace(Token(second), "", StringComparison.Ordinal));
        Assert.NotEmpty(Token(third));

        site.Time.Advance(TimeSpan.FromMinutes(9)); // less than a round interval: the background loop's own round cannot land between the test's steps
        await site.ObserveAsync(Observations.Probes(catalog, "deepseek", site.Time.GetUtcNow(), ProbeOutcome.Down));
        var after = await site.Client.GetStringAsync("/status/deepseek");
        Assert.Contains("Major outage", after, StringComparison.Ordinal);
        Assert.True(cache.Renders > renders);
    }

    [Fact]
    public async Task A_page_with_the_form_is_never_stored_by_browsers_and_its_token_still_works()
    {
        await using var site = await TestSite.StartAsync();
        using var page = await site.Client.GetAsync("/status/openai");
        Assert.True(page.Headers.CacheControl!.NoStore);
        var html = await page.Content.ReadAsStringAsync();
        using var post = await site.Client.PostAsync("/status/openai/report", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(html), ["back"] = "/status/openai", ["category"] = "slow",
        }));
        Assert.Equal(HttpStatusCode.SeeOther, post.StatusCode);
        var thanked = await site.PageAsync("/status/openai?reported=thanks");
        Assert.Contains("your report is recorded", thanked.QuerySelector("#report p.thanks")!.TextContent, StringComparison.Ordinal);
        Assert.Null((await site.PageAsync("/status/openai?reported=<script>")).QuerySelector("#report p.thanks"));
    }

    [Fact]
    public async Task A_page_without_a_form_answers_not_modified_to_a_matching_etag_until_statuses_change()
    {
        await using var site = await TestSite.StartAsync();
        using var first = await site.Client.GetAsync("/");
        var etag = first.Headers.ETag!;
        using var again = new HttpRequestMessage(HttpMethod.Get, "/");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await site.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        await site.ObserveAsync(Observations.Probes(catalog, "openai", site.Time.GetUtcNow(), ProbeOutcome.Down));
        using var changed = new HttpRequestMessage(HttpMethod.Get, "/");
        changed.Headers.IfNoneMatch.Add(etag);
        using var fresh = await site.Client.SendAsync(changed);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(etag, fresh.Headers.ETag);
    }

    [Fact]
    public async Task Each_visitor_of_a_cached_page_gets_a_fresh_proof_of_work_challenge()
    {
        await using var site = await TestSite.StartAsync(null, "--Reports:ProofOfWork:Enabled=true");
        static string Challenge(string html) => Regex.Match(html, "name=\"pow-challenge\" value=\"([^\"]+)\"").Groups[1].Value;
        var renders = 0L;
        var challenges = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            challenges.Add(Challenge(await site.Client.GetStringAsync("/status/openai")));
            renders = i == 0 ? site.Services.GetRequiredService<PageCache>().Renders : renders;
        }

        Assert.Equal(renders, site.Services.GetRequiredService<PageCache>().Renders);
        Assert.All(challenges, c => Assert.False(string.IsNullOrEmpty(c)));
        Assert.Equal(3, challenges.Distinct().Count());
        Assert.DoesNotContain(PageCache.ChallengeSlot, await site.Client.GetStringAsync("/status/openai/errors/rate-limit-exceeded"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Searches_are_rendered_for_their_asker_and_never_kept()
    {
        await using var site = await TestSite.StartAsync();
        var cache = site.Services.GetRequiredService<PageCache>();
        await site.PageAsync("/");
        await site.PageAsync("/?status=operational");
        var renders = cache.Renders;
        for (var i = 0; i < 20; i++)
        {
            var page = await site.PageAsync($"/?q={new string(' ', i)}ernie");
            Assert.Single(page.QuerySelectorAll("li.service"));
        }

        await site.PageAsync("/?category=no-such-category");
        await site.PageAsync("/");
        Assert.Equal(renders, cache.Renders);
    }

    [Fact]
    public async Task Unknown_addresses_get_the_404_page()
    {
        await using var site = await TestSite.StartAsync();
        await site.PageAsync("/status/nobody", 404);
        await site.PageAsync("/is-nobody-down", 404);
        await site.PageAsync("/errors/nothing", 404);
        await site.PageAsync("/status/openai/errors/nothing", 404);
    }
}
