using System.Net;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;
using Downwatch.Web.Pages;
using Microsoft.Extensions.DependencyInjection;

namespace Downwatch.Web.Tests;

public class PageCacheTests
{
    [Fact]
    public async Task A_page_is_rendered_once_and_is_the_same_bytes_for_every_visitor_until_the_status_changes()
    {
        await using var site = await TestSite.StartAsync();
        var cache = site.Services.GetRequiredService<PageCache>();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        await site.ObserveAsync(Observations.Probes(catalog, "deepseek", site.Time.GetUtcNow(), ProbeOutcome.Up));

        using var first = await site.Client.GetAsync("/status/deepseek");
        var renders = cache.Renders;
        using var stranger = new HttpClient { BaseAddress = site.Client.BaseAddress };
        using var second = await stranger.GetAsync("/status/deepseek");
        Assert.Equal(renders, cache.Renders);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.True(second.Headers.CacheControl!.Public);
        Assert.False(second.Headers.Contains("Set-Cookie")); // nothing of the visitor's own: any proxy or CDN may keep it
        Assert.Contains("Operational", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        site.Time.Advance(TimeSpan.FromMinutes(9)); // less than a round interval: the background loop's own round cannot land between the test's steps
        await site.ObserveAsync(Observations.Probes(catalog, "deepseek", site.Time.GetUtcNow(), ProbeOutcome.Down));
        var after = await site.Client.GetStringAsync("/status/deepseek");
        Assert.Contains("Major outage", after, StringComparison.Ordinal);
        Assert.True(cache.Renders > renders);
    }

    [Fact]
    public async Task A_cached_page_is_compressed_once_per_render_and_reads_back_the_same()
    {
        await using var site = await TestSite.StartAsync();
        using var plain = new HttpClient { BaseAddress = site.Client.BaseAddress };
        var bytes = await plain.GetByteArrayAsync("/status/openai/errors/rate-limit-exceeded");
        foreach (var (coding, open) in new (string, Func<Stream, Stream>)[]
        {
            ("br", s => new System.IO.Compression.BrotliStream(s, System.IO.Compression.CompressionMode.Decompress)),
            ("gzip", s => new System.IO.Compression.GZipStream(s, System.IO.Compression.CompressionMode.Decompress)),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/status/openai/errors/rate-limit-exceeded");
            request.Headers.TryAddWithoutValidation("Accept-Encoding", coding);
            using var response = await plain.SendAsync(request);
            Assert.Equal(coding, response.Content.Headers.ContentEncoding.Single());
            var compressed = await response.Content.ReadAsByteArrayAsync();
            Assert.True(compressed.Length < bytes.Length / 3, $"{coding}: {compressed.Length} of {bytes.Length} bytes");
            using var reader = open(new MemoryStream(compressed));
            using var back = new MemoryStream();
            await reader.CopyToAsync(back);
            Assert.Equal(bytes, back.ToArray());
        }
    }

    [Fact]
    public async Task The_report_form_posts_from_this_site_and_is_refused_from_another()
    {
        await using var site = await TestSite.StartAsync();
        var origin = site.Client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        async Task<HttpStatusCode> PostAsync(params (string Name, string Value)[] headers)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/status/openai/report")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["back"] = "/status/openai", ["category"] = "slow" }),
            };
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = site.Client.BaseAddress };
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(("Sec-Fetch-Site", "cross-site"), ("Origin", "https://evil.example")));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(("Sec-Fetch-Site", "same-site"), ("Origin", origin)));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(("Origin", "https://evil.example")));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(("Origin", "null")));
        Assert.Empty(await site.Services.GetRequiredService<Downwatch.Storage.IObservationStore>()
            .ReadReportsAsync(site.Time.GetUtcNow() - TimeSpan.FromHours(1), site.Time.GetUtcNow() + TimeSpan.FromHours(1)));

        Assert.Equal(HttpStatusCode.SeeOther, await PostAsync(("Sec-Fetch-Site", "same-origin"), ("Origin", origin)));
        var thanked = await site.PageAsync("/status/openai?reported=thanks");
        Assert.Contains("your report is recorded", thanked.QuerySelector("#report p.thanks")!.TextContent, StringComparison.Ordinal);
        Assert.Null((await site.PageAsync("/status/openai?reported=<script>")).QuerySelector("#report p.thanks"));
    }

    [Fact]
    public async Task A_page_answers_not_modified_to_a_matching_etag_until_statuses_change()
    {
        await using var site = await TestSite.StartAsync();
        using var first = await site.Client.GetAsync("/status/openai");
        var etag = first.Headers.ETag!;
        using var again = new HttpRequestMessage(HttpMethod.Get, "/status/openai");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await site.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        await site.ObserveAsync(Observations.Probes(catalog, "openai", site.Time.GetUtcNow(), ProbeOutcome.Down));
        using var changed = new HttpRequestMessage(HttpMethod.Get, "/status/openai");
        changed.Headers.IfNoneMatch.Add(etag);
        using var fresh = await site.Client.SendAsync(changed);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(etag, fresh.Headers.ETag);
    }

    [Fact]
    public async Task With_proof_of_work_the_page_stays_the_same_and_each_visitor_fetches_a_fresh_challenge()
    {
        await using var site = await TestSite.StartAsync(null, "--Reports:ProofOfWork:Enabled=true");
        var pages = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            pages.Add(await site.Client.GetStringAsync("/status/openai"));
        }

        Assert.Single(pages.Distinct());
        var form = (await site.PageAsync("/status/openai")).QuerySelector("input[name=pow-challenge]")!;
        Assert.Equal("", form.GetAttribute("value") ?? "");
        Assert.False(string.IsNullOrEmpty(form.GetAttribute("data-difficulty")));
        var challenges = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var json = System.Text.Json.JsonDocument.Parse(await site.Client.GetStringAsync("/api/status/openai/reports/challenge"));
            challenges.Add(json.RootElement.GetProperty("challenge").GetString()!);
        }

        Assert.Equal(3, challenges.Distinct().Count());
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
