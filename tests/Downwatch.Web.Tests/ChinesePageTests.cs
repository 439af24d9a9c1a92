using AngleSharp;
using System.Net;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;
using Microsoft.Extensions.DependencyInjection;

namespace Downwatch.Web.Tests;

/// <summary>"X 挂了吗？": the is-it-down page in Simplified Chinese, and its link with the English page.</summary>
public class ChinesePageTests
{
    [Fact]
    public async Task The_chinese_page_answers_in_chinese_with_the_services_chinese_name_and_links_its_english_twin()
    {
        await using var site = await TestSite.StartAsync();
        var html = await site.Client.GetStringAsync("/zh-CN/is-baidu-ernie-down");
        Assert.Contains("挂了吗？", html, StringComparison.Ordinal); // characters, not numeric entities
        var page = await site.PageAsync("/zh-CN/is-baidu-ernie-down");
        PageChecks.AssertHead(page, "/zh-CN/is-baidu-ernie-down", "zh-CN");
        Assert.Equal("Baidu ERNIE Bot / Qianfan（千帆 / 文心） 挂了吗？", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("unknown", page.QuerySelector("[data-answer]")!.GetAttribute("data-answer"));
        Assert.StartsWith("暂时无法判断。", page.QuerySelector("[data-answer]")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("跳到正文", page.QuerySelector("a.skip")!.TextContent);
        Assert.Contains("最近没有探测结果", page.QuerySelector(".last-checked")!.TextContent, StringComparison.Ordinal);
        Assert.EndsWith("/is-baidu-ernie-down", page.QuerySelector("link[rel=alternate][hreflang=en]")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Equal("/is-baidu-ernie-down", page.QuerySelector("nav a[hreflang=en]")!.GetAttribute("href"));
        // Evidence stays in its own language and is marked so.
        Assert.All(page.QuerySelectorAll(".evidence li > span[lang]"), s => Assert.Equal("en", s.GetAttribute("lang")));

        var english = await site.PageAsync("/is-baidu-ernie-down");
        Assert.EndsWith("/zh-CN/is-baidu-ernie-down", english.QuerySelector("link[rel=alternate][hreflang=zh-CN]")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Equal("中文", english.QuerySelector("nav a[hreflang=zh-CN]")!.TextContent);
    }

    [Fact]
    public async Task The_chinese_home_lists_every_service_in_chinese_and_finds_them_by_chinese_names()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        var page = await site.PageAsync("/zh-CN/");
        PageChecks.AssertHead(page, "/zh-CN/", "zh-CN");
        Assert.Equal("挂了吗？AI 服务实时状态", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(catalog.Services.Count, page.QuerySelectorAll("li[data-service]").Length);
        var ernie = page.QuerySelector("li[data-service=baidu-ernie]")!;
        Assert.Equal("/zh-CN/is-baidu-ernie-down", ernie.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("文心", ernie.QuerySelector(".name")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("未知", ernie.QuerySelector(".pill")!.TextContent);
        Assert.Equal("最近没有探测结果", ernie.QuerySelector(".checked")!.TextContent);
        Assert.Equal("大模型 API", page.QuerySelector("#cat-llm-api")!.TextContent);
        Assert.Equal("/zh-CN/", page.QuerySelector("form.filters")!.GetAttribute("action"));
        Assert.Equal("/zh-CN/errors", page.QuerySelector("nav a[href$=errors]")!.GetAttribute("href"));
        Assert.Contains("\"unknown\":\"未知\"", page.Body!.GetAttribute("data-words"), StringComparison.Ordinal); // live updates speak Chinese too
        Assert.Equal("/", page.QuerySelector("nav a[hreflang=en]")!.GetAttribute("href"));

        var found = await site.PageAsync("/zh-CN/?q=" + Uri.EscapeDataString("商汤"));
        Assert.Equal(["sensetime-sensechat"], found.QuerySelectorAll("li[data-service]").Select(l => l.GetAttribute("data-service")));
        var none = await site.PageAsync("/zh-CN/?q=zzzz-nothing");
        Assert.StartsWith("没有符合搜索条件的服务。", none.QuerySelector("p.empty")!.TextContent, StringComparison.Ordinal);

        var english = await site.PageAsync("/");
        Assert.Equal("/zh-CN/", english.QuerySelector("nav a[hreflang=zh-CN]")!.GetAttribute("href"));
        Assert.Null(english.Body!.GetAttribute("data-words"));
        Assert.Equal("Unknown", english.QuerySelector("li[data-service=baidu-ernie] .pill")!.TextContent);
        using var bare = await site.Client.GetAsync("/zh-CN");
        Assert.Equal(HttpStatusCode.MovedPermanently, bare.StatusCode);
        Assert.Equal("/zh-CN/", bare.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_chinese_answer_follows_the_same_evidence_as_the_english_one()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        await site.ObserveAsync(Observations.Probes(catalog, "deepseek", site.Time.GetUtcNow(), ProbeOutcome.Down));
        await site.ObserveAsync(Observations.Probes(catalog, "moonshot-kimi", site.Time.GetUtcNow(), ProbeOutcome.Up));

        var down = await site.PageAsync("/zh-CN/is-deepseek-down");
        Assert.Equal("yes", down.QuerySelector("[data-answer]")!.GetAttribute("data-answer"));
        Assert.Contains("对所有人都不可用", down.QuerySelector("[data-answer]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("严重中断", down.QuerySelector("#current-status .pill")!.TextContent);
        Assert.All(down.QuerySelectorAll("tr[data-component] .pill"), p => Assert.Equal("major-outage", p.GetAttribute("data-status")));

        var up = await site.PageAsync("/zh-CN/is-moonshot-kimi-down");
        Assert.Equal("no", up.QuerySelector("[data-answer]")!.GetAttribute("data-answer"));
        Assert.Contains("问题很可能在你这边", up.QuerySelector("[data-answer]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("我们的探测", up.QuerySelector(".last-checked")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/zh-cn/IS-DeepSeek-down", "/zh-CN/is-deepseek-down")]
    [InlineData("/ZH-CN/is-deepseek-down", null)]
    public async Task Other_letter_case_redirects_or_is_served_under_the_canonical_address(string path, string? redirect)
    {
        await using var site = await TestSite.StartAsync();
        using var response = await site.Client.GetAsync(path);
        if (redirect is null)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("/zh-CN/is-deepseek-down\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            return;
        }

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(redirect, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_unknown_service_is_a_404_and_the_sitemap_lists_every_chinese_page()
    {
        await using var site = await TestSite.StartAsync();
        await site.PageAsync("/zh-CN/is-no-such-service-down", 404);
        var sitemap = await site.Client.GetStringAsync("/sitemap.xml");
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        Assert.All(catalog.Services, s => Assert.Contains($"/zh-CN/is-{s.Slug}-down</loc>", sitemap, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Error_guides_read_in_chinese_marked_for_review_and_linked_with_their_english_twins()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        var error = catalog.FindError("rate-limit-exceeded")!;
        var page = await site.PageAsync("/zh-CN/errors/rate-limit-exceeded");
        PageChecks.AssertHead(page, "/zh-CN/errors/rate-limit-exceeded", "zh-CN");
        Assert.Equal(error.ZhCn!.Title, page.QuerySelector("h1")!.TextContent);
        Assert.Contains("机器辅助翻译", page.QuerySelector(".review-note")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("解决办法", page.QuerySelector("#fix-heading")!.TextContent);
        Assert.Equal(error.ZhCn.Fixes, page.QuerySelectorAll("#fix-heading ~ ol li").Select(li => li.TextContent));
        Assert.Equal(error.ZhCn.Faq.Count, page.QuerySelectorAll("details").Length);
        // The providers' notes are still English, and say so.
        Assert.Equal("en", page.QuerySelector("#notes-heading ~ dl")!.GetAttribute("lang"));
        Assert.EndsWith("/errors/rate-limit-exceeded", page.QuerySelector("link[rel=alternate][hreflang=en]")!.GetAttribute("href"), StringComparison.Ordinal);

        var english = await site.PageAsync("/errors/rate-limit-exceeded");
        Assert.Equal(error.Title, english.QuerySelector("h1")!.TextContent);
        Assert.Null(english.QuerySelector(".review-note"));
        Assert.Equal("/zh-CN/errors/rate-limit-exceeded", english.QuerySelector("nav a[hreflang=zh-CN]")!.GetAttribute("href"));

        var guide = await site.PageAsync("/zh-CN/errors");
        Assert.Equal("AI API 错误详解", guide.QuerySelector("h1")!.TextContent);
        Assert.Equal(catalog.Errors.Select(e => $"/zh-CN/errors/{e.Slug}"), guide.QuerySelectorAll("li[data-error] > a").Select(a => a.GetAttribute("href")));
        Assert.All(catalog.Errors, e => Assert.Contains(e.ZhCn!.Title, guide.Body!.TextContent, StringComparison.Ordinal));
        await site.PageAsync("/zh-CN/errors/no-such-error", 404);
    }

    [Fact]
    public async Task A_service_error_page_in_chinese_puts_whose_side_and_the_fixes_first_and_its_report_form_comes_back_to_it()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        var error = catalog.FindError("authentication-failed")!;
        const string path = "/zh-CN/status/baidu-ernie/errors/authentication-failed";
        var page = await site.PageAsync(path);
        PageChecks.AssertHead(page, path, "zh-CN");
        Assert.Equal($"Baidu ERNIE Bot / Qianfan（千帆 / 文心）：{error.ZhCn!.Title}", page.QuerySelector("h1")!.TextContent);
        // Nothing is known yet: the page does not blame the visitor.
        Assert.Equal("unknown", page.QuerySelector("#answer [data-verdict]")!.GetAttribute("data-verdict"));
        Assert.Contains("还无法判断", page.QuerySelector("#answer [data-verdict]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("未知", page.QuerySelector("#answer .pill")!.TextContent);
        Assert.Equal(error.ZhCn.Fixes, page.QuerySelectorAll("#fix > ol li").Select(li => li.TextContent));
        var sections = page.QuerySelectorAll("main > section").Select(x => x.Id ?? x.ClassName).ToList();
        Assert.Equal(["answer", "fix", "causes"], sections.Take(3)); // the answer and the fix first, the evidence after
        Assert.Equal("使用 Baidu ERNIE Bot / Qianfan（千帆 / 文心） 遇到问题？", page.QuerySelector("#report-heading")!.TextContent);
        Assert.Equal("无法登录", page.QuerySelector("button[value=login]")!.TextContent);
        Assert.Equal(path, page.QuerySelector("form.report-form input[name=back]")!.GetAttribute("value"));
        Assert.EndsWith("/status/baidu-ernie/errors/authentication-failed", page.QuerySelector("link[rel=alternate][hreflang=en]")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Equal($"/zh-CN/status/baidu-ernie/errors/rate-limit-exceeded", page.QuerySelector("#related a[href$=rate-limit-exceeded]")!.GetAttribute("href"));

        using var response = await Reports.ReportTests.PostFormAsync(site, page, ("category", "auth-rejected"));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(path + "?reported=thanks#report", response.Headers.Location!.OriginalString);
        var after = await site.PageAsync(path + "?reported=thanks");
        Assert.StartsWith("谢谢！", after.QuerySelector("#report .thanks")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("1", after.QuerySelector("[data-reports-hour]")!.GetAttribute("data-reports-hour"));

        var english = await site.PageAsync("/status/baidu-ernie/errors/authentication-failed");
        Assert.EndsWith(path, english.QuerySelector("link[rel=alternate][hreflang=zh-CN]")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Equal("Having trouble with Baidu ERNIE Bot / Qianfan?", english.QuerySelector("#report-heading")!.TextContent);
        Assert.Equal("Can't log in", english.QuerySelector("button[value=login]")!.TextContent);
        await site.PageAsync("/zh-CN/status/baidu-ernie/errors/no-such-error", 404);
        var sitemap = await site.Client.GetStringAsync("/sitemap.xml");
        Assert.Contains($"{path}</loc>", sitemap, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_chinese_verdict_follows_the_evidence_like_the_english_one()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        await site.ObserveAsync(Observations.Probes(catalog, "deepseek", site.Time.GetUtcNow(), ProbeOutcome.Down));
        await site.ObserveAsync(Observations.Probes(catalog, "moonshot-kimi", site.Time.GetUtcNow(), ProbeOutcome.Up));
        foreach (var (slug, verdict, words) in new[] { ("deepseek", "outage", "不是你的问题"), ("moonshot-kimi", "yours", "出在你的请求或账号上") })
        {
            var zh = await site.PageAsync($"/zh-CN/status/{slug}/errors/authentication-failed");
            var en = await site.PageAsync($"/status/{slug}/errors/authentication-failed");
            Assert.Equal(verdict, zh.QuerySelector("[data-verdict]")!.GetAttribute("data-verdict"));
            Assert.Equal(verdict, en.QuerySelector("[data-verdict]")!.GetAttribute("data-verdict"));
            Assert.Contains(words, zh.QuerySelector("[data-verdict]")!.TextContent, StringComparison.Ordinal);
        }

        var path = await site.PageAsync("/zh-CN/status/moonshot-kimi/errors/timeout");
        Assert.Equal("your-path", path.QuerySelector("[data-verdict]")!.GetAttribute("data-verdict"));
        var isDown = await site.PageAsync("/zh-CN/is-moonshot-kimi-down");
        Assert.Contains("/zh-CN/status/moonshot-kimi/errors/authentication-failed",
            isDown.QuerySelectorAll("#yourside ~ ul a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task A_service_page_in_chinese_shows_the_status_its_evidence_uptime_reports_and_errors_in_chinese()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        await site.ObserveAsync(Observations.Probes(catalog, "deepseek", site.Time.GetUtcNow(), ProbeOutcome.Down));
        var page = await site.PageAsync("/zh-CN/status/deepseek");
        PageChecks.AssertHead(page, "/zh-CN/status/deepseek", "zh-CN");
        Assert.Equal("DeepSeek 状态", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("严重中断", page.QuerySelector("#current-status .pill")!.TextContent);
        Assert.Contains("对所有人都不可用", page.QuerySelector("p.answer")!.TextContent, StringComparison.Ordinal);
        Assert.All(page.QuerySelectorAll("tr[data-component] .pill"), p => Assert.Equal("严重中断", p.TextContent));
        Assert.Equal("过去 90 天的可用率", page.QuerySelector("#uptime-heading")!.TextContent);
        Assert.Equal("使用 DeepSeek 遇到问题？", page.QuerySelector("#report-heading")!.TextContent);
        Assert.Equal("/zh-CN/status/deepseek", page.QuerySelector("form.report-form input[name=back]")!.GetAttribute("value"));
        Assert.Equal(catalog.Errors.Select(e => $"/zh-CN/status/deepseek/errors/{e.Slug}"),
            page.QuerySelectorAll("#errors-heading ~ ul.links a").Select(a => a.GetAttribute("href")));
        Assert.Equal("/status/deepseek", page.QuerySelector("nav a[hreflang=en]")!.GetAttribute("href"));

        var english = await site.PageAsync("/status/deepseek");
        Assert.Equal("/zh-CN/status/deepseek", english.QuerySelector("nav a[hreflang=zh-CN]")!.GetAttribute("href"));
        Assert.Equal("Uptime, last 90 days", english.QuerySelector("#uptime-heading")!.TextContent);
        var open = await site.PageAsync("/zh-CN/status/deepseek?report=open");
        Assert.NotNull(open.QuerySelector("form.report-form details[open]"));
        await site.PageAsync("/zh-CN/status/no-such-service", 404);
        using var alias = await site.Client.GetAsync("/zh-CN/status/ernie");
        Assert.Equal(HttpStatusCode.MovedPermanently, alias.StatusCode);
        Assert.Equal("/zh-CN/status/baidu-ernie", alias.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_address_under_zh_cn_that_names_nothing_is_a_chinese_404_suggesting_chinese_pages()
    {
        await using var site = await TestSite.StartAsync();
        var page = await site.PageAsync("/zh-CN/status/deepsek", 404);
        Assert.Equal("zh-CN", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("找不到页面", page.QuerySelector("h1")!.TextContent);
        Assert.Contains("/zh-CN/status/deepseek", page.QuerySelectorAll("ul.suggestions a").Select(a => a.GetAttribute("href")));
        var error = await site.PageAsync("/zh-CN/errors/rate-limit", 404);
        var rate = error.QuerySelector("ul.suggestions a[href='/zh-CN/errors/rate-limit-exceeded']")!;
        Assert.Equal(site.Services.GetRequiredService<ServiceCatalog>().FindError("rate-limit-exceeded")!.ZhCn!.Title, rate.TextContent);
        Assert.Equal("Page not found", (await site.PageAsync("/status/deepsek", 404)).QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task The_methodology_and_the_probe_locations_read_in_chinese_with_the_engines_own_numbers()
    {
        await using var site = await TestSite.StartAsync();
        var options = site.Services.GetRequiredService<Domain.Status.StatusEngine>().Options;
        var methodology = await site.PageAsync("/zh-CN/methodology");
        PageChecks.AssertHead(methodology, "/zh-CN/methodology", "zh-CN");
        Assert.Equal("Downwatch 如何判定状态", methodology.QuerySelector("h1")!.TextContent);
        Assert.Contains($"只有最近 {options.Window.TotalMinutes} 分钟内的结果才计入", methodology.QuerySelector("#probes ~ ul")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Domain.Status.DiagnosisRules.Table.Count, methodology.QuerySelectorAll("table.rules[lang=en] tbody tr").Length);
        Assert.Equal("/methodology", methodology.QuerySelector("nav a[hreflang=en]")!.GetAttribute("href"));
        Assert.Equal("/zh-CN/methodology", (await site.PageAsync("/methodology")).QuerySelector("nav a[hreflang=zh-CN]")!.GetAttribute("href"));

        var locations = await site.PageAsync("/zh-CN/locations");
        PageChecks.AssertHead(locations, "/zh-CN/locations", "zh-CN");
        Assert.Equal("探测位置", locations.QuerySelector("h1")!.TextContent);
        Assert.Equal("/zh-CN/locations", locations.QuerySelector("nav a[href$=locations]")!.GetAttribute("href"));
        Assert.Equal("Probe locations", (await site.PageAsync("/locations")).QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task Who_saw_it_first_reads_in_chinese_from_the_same_facts()
    {
        await using var site = await TestSite.StartAsync();
        var now = site.Time.GetUtcNow();
        var start = now.AddHours(-3);
        await site.Services.GetRequiredService<Downwatch.Storage.IIncidentStore>().UpsertAsync(new Domain.Incidents.Incident("openai-1", "openai",
            "OpenAI API Platform: major outage detected", Domain.Status.ServiceStatus.MajorOutage, start, start.AddMinutes(40),
            [new Domain.Incidents.IncidentUpdate(start, Domain.Incidents.IncidentPhase.Investigating, Domain.Status.ServiceStatus.MajorOutage, "Probes fail.")]));
        var posted = start.AddSeconds(135);
        await site.Services.GetRequiredService<Downwatch.Storage.IVendorIncidentStore>().SyncAsync("openai", "https://status.openai.com/feed",
            [new Domain.Incidents.VendorIncident("openai", "v1", Domain.Incidents.VendorEventKind.Incident, "Elevated error rates", null,
                Domain.Incidents.VendorPhase.Resolved, posted, posted.AddMinutes(30), null, null, "https://status.openai.com/incidents/v1", [],
                [new Domain.Incidents.VendorUpdate(posted, Domain.Incidents.VendorPhase.Investigating, "Investigating.")], "https://status.openai.com/feed")], now);

        var page = await site.PageAsync("/zh-CN/status/openai/provider-lag");
        PageChecks.AssertHead(page, "/zh-CN/status/openai/provider-lag", "zh-CN");
        Assert.Equal("我们比服务商发布“Elevated error rates”早 2 分 15 秒发现了它。", page.QuerySelector("td.official-lag")!.FirstChild!.TextContent.Trim());
        Assert.StartsWith("在这 1 个事件中，我们的探测先于服务商状态页发现了 1 个（领先时间中位数 2 分 15 秒）", page.QuerySelector(".official-lag-summary")!.TextContent, StringComparison.Ordinal);
        var english = await site.PageAsync("/status/openai/provider-lag");
        Assert.Equal("We detected it 2 min 15 s before the provider posted \"Elevated error rates\".", english.QuerySelector("td.official-lag")!.FirstChild!.TextContent.Trim());
        Assert.Equal("/zh-CN/status/openai/provider-lag", english.QuerySelector("nav a[hreflang=zh-CN]")!.GetAttribute("href"));
        Assert.NotNull((await site.PageAsync("/zh-CN/status/openai")).QuerySelector("a[href='/zh-CN/status/openai/provider-lag']"));
    }

    [Fact]
    public async Task A_pasted_error_is_diagnosed_in_chinese_with_links_to_the_chinese_pages()
    {
        await using var site = await TestSite.StartAsync();
        var empty = await site.PageAsync("/zh-CN/diagnose");
        PageChecks.AssertHead(empty, "/zh-CN/diagnose", "zh-CN");
        Assert.Equal("/zh-CN/diagnose", empty.QuerySelector("form.diagnose")!.GetAttribute("action"));
        Assert.Equal("诊断", empty.QuerySelector("form.diagnose button")!.TextContent);

        using var response = await site.Client.PostAsync("/zh-CN/diagnose", new FormUrlEncodedContent(
            [new("text", "openai.AuthenticationError: Error code: 401 - Incorrect API key provided: sk-abc***")]));
        var page = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(response.Content.ReadAsStream()));
        var answer = page.QuerySelector("#answer")!;
        Assert.Equal("your-side", answer.GetAttribute("data-verdict"));
        Assert.Equal("在你这边", page.QuerySelector("#answer-heading")!.TextContent);
        Assert.Equal("en", page.QuerySelector("#answer p.live")!.GetAttribute("lang"));
        Assert.Equal("401", page.QuerySelector(".http-status")!.TextContent);
        Assert.NotNull(page.QuerySelector("a.next[href='/zh-CN/status/openai/errors/authentication-failed']"));
        var title = site.Services.GetRequiredService<ServiceCatalog>().FindError("authentication-failed")!.ZhCn!.Title;
        Assert.Equal(title, page.QuerySelector(".error-type a")!.TextContent);
        Assert.Equal("/diagnose", page.QuerySelector("nav a[hreflang=en]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Every_kind_of_public_page_has_a_chinese_twin_linked_both_ways()
    {
        await using var site = await TestSite.StartAsync();
        string[] english =
        [
            "/", "/status/openai", "/is-openai-down", "/status/openai/errors/timeout", "/status/openai/provider-lag", "/errors",
            "/errors/timeout", "/methodology", "/locations", "/diagnose",
        ];
        foreach (var path in english)
        {
            var page = await site.PageAsync(path);
            var twin = page.QuerySelector("nav a[hreflang=zh-CN]")?.GetAttribute("href");
            Assert.True(twin == "/zh-CN" + path, $"{path} links its Chinese twin (found {twin ?? "none"})");
            var chinese = await site.PageAsync(twin!);
            Assert.Equal("zh-CN", chinese.DocumentElement.GetAttribute("lang"));
            Assert.Equal(path, chinese.QuerySelector("nav a[hreflang=en]")!.GetAttribute("href"));
            Assert.Equal("跳到正文", chinese.QuerySelector("a.skip")!.TextContent);
        }
    }

    [Fact]
    public void Every_english_text_has_a_chinese_one()
    {
        static HashSet<string> Keys(string file) => System.Xml.Linq.XDocument.Load(Path.Combine(
                AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Downwatch.Web", "Pages", "Localization", file))
            .Descendants("data").Select(d => d.Attribute("name")!.Value).ToHashSet();
        var english = Keys("SiteText.resx");
        Assert.Empty(english.Except(Keys("SiteText.zh-CN.resx")));
    }
}
