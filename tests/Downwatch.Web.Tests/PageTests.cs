using AngleSharp.Dom;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;
using Microsoft.Extensions.DependencyInjection;

namespace Downwatch.Web.Tests;

public class PageTests
{
    [Fact]
    public async Task Home_lists_every_service_grouped_by_category_and_none_is_probed_yet()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        var page = await site.PageAsync("/");
        PageChecks.AssertHead(page, "/");
        var rows = page.QuerySelectorAll("li.service");
        Assert.Equal(catalog.Services.Count, rows.Length);
        Assert.All(rows, r => Assert.Equal("unknown", r.QuerySelector(".pill")!.GetAttribute("data-status")));
        Assert.All(rows, r => Assert.Contains("no recent probe result", r.TextContent, StringComparison.Ordinal));
        var categories = page.QuerySelectorAll("section.category").Select(s => s.GetAttribute("data-category")).ToList();
        Assert.Equal(catalog.Services.Select(s => s.Category).Distinct().Order(), categories.Order());
        Assert.NotNull(page.QuerySelector("form[method=get] input[name=q]"));
    }

    [Fact]
    public async Task Home_search_and_filter_work_without_javascript()
    {
        await using var site = await TestSite.StartAsync();
        var search = await site.PageAsync("/?q=deepseek");
        Assert.Equal(["deepseek"], search.QuerySelectorAll("li.service").Select(r => r.GetAttribute("data-service")));
        var speech = await site.PageAsync("/?category=speech");
        Assert.All(speech.QuerySelectorAll("section.category"), s => Assert.Equal("speech", s.GetAttribute("data-category")));
        Assert.NotEmpty(speech.QuerySelectorAll("li.service"));
        foreach (var (q, slug) in new[] { ("文心", "baidu-ernie"), ("文心一言", "baidu-ernie"), ("商汤", "sensetime-sensechat"), ("ernie-4.0-8k", "baidu-ernie") })
        {
            var found = await site.PageAsync($"/?q={Uri.EscapeDataString(q)}");
            Assert.Contains(slug, found.QuerySelectorAll("li.service").Select(r => r.GetAttribute("data-service")));
        }

        var none = await site.PageAsync("/?status=major-outage");
        Assert.Empty(none.QuerySelectorAll("li.service"));
        Assert.Contains("No service matches", none.QuerySelector("p.empty")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_page_shows_components_evidence_uptime_incidents_and_error_links()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        var ernie = catalog.FindService("baidu-ernie")!;
        var page = await site.PageAsync("/status/baidu-ernie");
        PageChecks.AssertHead(page, "/status/baidu-ernie");
        Assert.Equal("unknown", Headline(page));
        Assert.Contains("no recent probe result", page.QuerySelector(".last-checked")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(ernie.Components.Select(c => c.Slug), page.QuerySelectorAll("tr[data-component]").Select(r => r.GetAttribute("data-component")));
        Assert.Equal(ernie.Components.Count, page.QuerySelectorAll(".uptime svg").Length);
        Assert.All(page.QuerySelectorAll(".uptime svg"), svg => Assert.Equal(90, svg.QuerySelectorAll("rect").Length));
        Assert.Contains("No incidents recorded", page.QuerySelector("section.incidents")!.TextContent, StringComparison.Ordinal);
        var probes = page.QuerySelectorAll("ul.probes li");
        Assert.Equal(ernie.Components.Sum(c => c.Probes.Count), probes.Length);
        Assert.Contains(probes, li => li.TextContent.Contains("GET https://qianfan.baidubce.com/v2/models", StringComparison.Ordinal));
        var marks = ernie.Components.SelectMany(c => c.Probes).Sum(p => p.Unconfirmed.Count(f => f is "url" or "expect"));
        Assert.True(marks > 0);
        Assert.Equal(marks, page.QuerySelectorAll("ul.probes .unconfirmed").Length);
        var errorLinks = page.QuerySelectorAll("a[href^='/status/baidu-ernie/errors/']").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(catalog.Errors.Count, errorLinks.Count);
    }

    [Fact]
    public async Task Service_error_page_has_every_section_filled_from_the_catalog()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        var error = catalog.FindError("authentication-failed")!;
        var page = await site.PageAsync("/status/sensetime-sensechat/errors/authentication-failed");
        PageChecks.AssertHead(page, "/status/sensetime-sensechat/errors/authentication-failed");
        Assert.Contains(error.Title, page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        foreach (var id in new[] { "current-status", "seeing-heading", "what-heading", "sig-heading", "causes-heading", "fix-heading",
                     "live-heading", "recent-incidents", "faq-heading", "related-heading" })
        {
            Assert.NotNull(page.GetElementById(id));
        }

        Assert.Equal("unknown", Headline(page));
        Assert.Contains("not been checked recently", page.QuerySelector("#answer")!.TextContent, StringComparison.Ordinal);
        // The answer and the fix come first, before the evidence, the report form and the paste box.
        var order = page.QuerySelectorAll("main section[id]").Select(x => x.Id).ToList();
        Assert.Equal(["answer", "fix", "causes", "seeing-now", "report", "diagnose"], order.Take(6));
        var signatures = page.QuerySelectorAll("ul.signatures code").Select(c => c.TextContent).ToList();
        Assert.Equal(error.SignaturesFor("sensetime-sensechat").Select(s => s.Text).Order(), signatures.Order());
        Assert.Equal(error.Fixes, page.QuerySelectorAll("#fix ol li").Select(li => li.TextContent));
        Assert.Equal(error.Causes, page.QuerySelectorAll("#causes li").Select(li => li.TextContent));
        Assert.Equal(error.Faq.Select(f => f.Q), page.QuerySelectorAll("#faq summary").Select(s => s.TextContent));
        var related = page.QuerySelectorAll("#related a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/status/sensetime-sensechat", related);
        Assert.Contains("/is-sensetime-sensechat-down", related);
        Assert.Contains("/?category=llm-api", related);
    }

    [Fact]
    public async Task Provider_specific_signatures_show_only_on_that_providers_page()
    {
        await using var site = await TestSite.StartAsync();
        var openai = (await site.PageAsync("/status/openai/errors/authentication-failed")).QuerySelectorAll("ul.signatures code").Select(c => c.TextContent).ToList();
        var anthropic = (await site.PageAsync("/status/anthropic/errors/authentication-failed")).QuerySelectorAll("ul.signatures code").Select(c => c.TextContent).ToList();
        Assert.Contains("invalid_api_key", openai);
        Assert.Contains("authentication_error", anthropic);
        Assert.DoesNotContain("authentication_error", openai.Except(anthropic));
    }

    [Fact]
    public async Task Healthy_probes_make_the_service_operational_and_the_visitor_likely_the_cause()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        await site.ObserveAsync(Observations.Probes(catalog, "baidu-ernie", site.Time.GetUtcNow(), ProbeOutcome.Up));
        var page = await site.PageAsync("/status/baidu-ernie/errors/authentication-failed");
        Assert.Equal("operational", Headline(page));
        Assert.Equal("LocalIssue", page.QuerySelector("[data-diagnosis]")!.GetAttribute("data-diagnosis"));
        Assert.Contains("almost certainly comes from your request or account", page.QuerySelector("#answer")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("2 min ago", page.QuerySelector(".last-checked")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(page.QuerySelectorAll(".evidence li"), li => li.TextContent.Contains("answered as expected", StringComparison.Ordinal));
        var isDown = await site.PageAsync("/is-baidu-ernie-down");
        Assert.Equal("No", isDown.QuerySelector("[data-answer]")!.GetAttribute("data-answer"));
    }

    [Fact]
    public async Task Failing_probes_everywhere_make_a_major_outage_with_its_evidence_and_an_incident()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        await site.ObserveAsync(Observations.Probes(catalog, "deepseek", site.Time.GetUtcNow(), ProbeOutcome.Down));
        var page = await site.PageAsync("/status/deepseek");
        Assert.Equal("major-outage", Headline(page));
        Assert.Equal("GlobalOutage", page.QuerySelector("[data-diagnosis]")!.GetAttribute("data-diagnosis"));
        Assert.Contains(page.QuerySelectorAll(".evidence li"), li => li.TextContent.Contains("answered 503 from 3 of 3 locations", StringComparison.Ordinal));
        Assert.All(page.QuerySelectorAll("tr[data-component] .pill"), p => Assert.Equal("major-outage", p.GetAttribute("data-status")));
        Assert.Contains("major outage detected", page.QuerySelector("section.incidents")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("The provider has not posted about it yet (0 s since we detected it).",
            page.QuerySelector("section.incidents .official-lag")!.TextContent.Trim());
        var isDown = await site.PageAsync("/is-deepseek-down");
        Assert.Equal("Yes", isDown.QuerySelector("[data-answer]")!.GetAttribute("data-answer"));
        var home = await site.PageAsync("/?status=major-outage");
        Assert.Equal(["deepseek"], home.QuerySelectorAll("li.service").Select(r => r.GetAttribute("data-service")));
    }

    [Fact]
    public async Task Uptime_bars_reflect_recorded_days()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        await site.ObserveAsync(Observations.Probes(catalog, "mistral", site.Time.GetUtcNow(), ProbeOutcome.Up), TimeSpan.FromHours(1));
        var page = await site.PageAsync("/status/mistral");
        var bar = page.QuerySelector(".uptime svg")!;
        Assert.Equal("up", bar.QuerySelectorAll("rect")[^1].GetAttribute("class"));
        Assert.Equal("nodata", bar.QuerySelectorAll("rect")[0].GetAttribute("class"));
        Assert.Contains("100.00% measured uptime", page.QuerySelector(".uptime figcaption")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/status/no-such-service")]
    [InlineData("/is-no-such-service-down")]
    [InlineData("/status/openai/errors/no-such-error")]
    [InlineData("/status/no-such-service/errors/timeout")]
    [InlineData("/errors/no-such-error")]
    [InlineData("/some/other/path")]
    public async Task Unknown_slugs_get_a_proper_404_page(string path)
    {
        await using var site = await TestSite.StartAsync();
        var page = await site.PageAsync(path, 404);
        Assert.Equal("Page not found", page.QuerySelector("h1")!.TextContent);
        Assert.Contains(path, page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_guide_error_pages_and_methodology_render()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        var guide = await site.PageAsync("/errors");
        PageChecks.AssertHead(guide, "/errors");
        Assert.Equal(catalog.Errors.Select(e => e.Slug), guide.QuerySelectorAll("li[data-error]").Select(li => li.GetAttribute("data-error")));
        foreach (var error in catalog.Errors)
        {
            var page = await site.PageAsync($"/errors/{error.Slug}");
            PageChecks.AssertHead(page, $"/errors/{error.Slug}");
            Assert.Equal(error.Signatures.Count, page.QuerySelectorAll("table.signatures tbody tr").Length);
        }

        var methodology = await site.PageAsync("/methodology");
        var text = methodology.QuerySelector("main")!.TextContent;
        Assert.Contains("a retry after a failure is one more result, never a veto", text, StringComparison.Ordinal);
        // The diagnosis table is the engine's own, row for row.
        Assert.Equal(Domain.Status.DiagnosisRules.Table.Count, methodology.QuerySelectorAll("table.rules tbody tr").Length);
    }

    [Fact]
    public async Task Sitemap_lists_every_page_and_each_one_answers()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        var xml = System.Xml.Linq.XDocument.Parse(await site.Client.GetStringAsync("/sitemap.xml"));
        var locs = xml.Descendants().Where(e => e.Name.LocalName == "loc").Select(e => new Uri(e.Value)).ToList();
        // home and the errors guide in English and Chinese, methodology, locations; per service: status, is-it-down in
        // English and Chinese, who saw it first, errors
        Assert.Equal(8 + 2 * catalog.Errors.Count + catalog.Services.Count * (6 + 2 * catalog.Errors.Count), locs.Count);
        Assert.Equal(locs.Count, locs.Distinct().Count());
        var random = new Random(7);
        foreach (var loc in locs.OrderBy(_ => random.Next()).Take(60))
        {
            await site.PageAsync(loc.PathAndQuery);
        }
    }

    [Fact]
    public async Task The_stylesheet_is_served_from_the_binary_with_caching()
    {
        await using var site = await TestSite.StartAsync();
        using var response = await site.Client.GetAsync("/site.css");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("prefers-color-scheme: dark", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/site.css");
        again.Headers.TryAddWithoutValidation("If-None-Match", response.Headers.ETag!.ToString());
        using var notModified = await site.Client.SendAsync(again);
        Assert.Equal(System.Net.HttpStatusCode.NotModified, notModified.StatusCode);
    }

    private static string? Headline(IDocument page) => page.QuerySelector("#current-status .pill")?.GetAttribute("data-status");
}
