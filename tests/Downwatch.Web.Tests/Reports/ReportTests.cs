using System.Net;
using System.Net.Http.Json;
using AngleSharp.Dom;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;
using Downwatch.Storage;
using Downwatch.Status;
using Microsoft.Extensions.DependencyInjection;

namespace Downwatch.Web.Tests.Reports;

/// <summary>The report form and API on the real host: antiforgery, honeypot, limits, one vote per client, and the page panel.</summary>
public class ReportTests
{
    private const string Service = "openai";

    [Theory]
    [InlineData("/status/openai")]
    [InlineData("/status/openai/errors/rate-limit-exceeded")]
    public async Task Service_pages_carry_the_report_form_and_what_we_are_seeing(string path)
    {
        await using var site = await TestSite.StartAsync();
        var page = await site.PageAsync(path);
        var form = page.QuerySelector("form.report-form")!;
        Assert.Equal("/status/openai/report", form.GetAttribute("action"));
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal(path, form.QuerySelector("input[name=back]")!.GetAttribute("value"));
        Assert.Null(form.QuerySelector("input[name=__RequestVerificationToken]")); // nothing of a visitor's own on the page
        Assert.NotNull(form.QuerySelector("input[name=website]"));
        var categories = form.QuerySelectorAll("button[name=category]").Select(b => b.GetAttribute("value")).ToList();
        Assert.Equal(["login", "api-errors", "auth-rejected", "rate-limited", "slow", "bad-answers", "wont-load", "billing", "works"], categories);
        Assert.Equal("0", page.QuerySelector("#seeing-now [data-reports-hour]")!.GetAttribute("data-reports-hour"));
        // Nothing reported and nothing usual: a sentence, not an empty chart.
        Assert.Empty(page.QuerySelectorAll("#seeing-now svg.report-chart"));
        Assert.Contains("No problem reports in the last 24 hours", page.QuerySelector("#seeing-now .report-chart-empty")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_is_it_down_page_reaches_an_open_report_form_in_one_click_and_carries_nothing_per_visitor()
    {
        await using var site = await TestSite.StartAsync();
        using var response = await site.Client.GetAsync("/is-openai-down");
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.NotNull(response.Headers.ETag);
        var page = await site.PageAsync("/is-openai-down");
        Assert.Null(page.QuerySelector("form.report-form"));
        Assert.Equal("0", page.QuerySelector("#seeing-now [data-reports-hour]")!.GetAttribute("data-reports-hour"));
        var link = page.QuerySelector("#report a.report-link")!.GetAttribute("href")!;
        Assert.Equal("/status/openai?report=open#report", link);

        var service = await site.PageAsync(link.Split('#')[0]);
        Assert.NotNull(service.QuerySelector("form.report-form details[open]"));
        Assert.Null((await site.PageAsync("/status/openai")).QuerySelector("form.report-form details[open]"));
    }

    [Fact]
    public async Task A_posted_report_is_stored_redirects_back_with_thanks_and_shows_its_note_escaped()
    {
        await using var site = await TestSite.StartAsync();
        var page = await site.PageAsync("/status/openai/errors/rate-limit-exceeded");
        using var response = await PostFormAsync(site, page, ("category", "rate-limited"), ("note", "<script>alert(1)</script> 429 since 12:00"), ("region", "EU"));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/status/openai/errors/rate-limit-exceeded?reported=thanks#report", response.Headers.Location!.OriginalString);

        var stored = Assert.Single(await ReportsAsync(site));
        Assert.Equal(("rate-limited", "<script>alert(1)</script> 429 since 12:00", "EU"), (stored.Category, stored.Note, stored.Region));
        Assert.Equal(32, stored.Reporter.Length); // a hash, not the client's address
        Assert.DoesNotContain("127.0.0.1", stored.Reporter, StringComparison.Ordinal);

        var after = await site.PageAsync("/status/openai/errors/rate-limit-exceeded?reported=thanks");
        Assert.Contains("your report is recorded", after.QuerySelector("#report .thanks")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("1", after.QuerySelector("[data-reports-hour]")!.GetAttribute("data-reports-hour"));
        Assert.Equal("rate-limited", after.QuerySelector(".top-problems li")!.GetAttribute("data-category"));
        Assert.Equal(24, after.QuerySelectorAll("#seeing-now svg.report-chart rect.bar").Length);
        Assert.Null(after.QuerySelector("#seeing-now .report-chart-empty"));
    }

    [Fact]
    public async Task A_second_report_in_the_same_window_counts_once_and_says_so()
    {
        await using var site = await TestSite.StartAsync();
        var page = await site.PageAsync("/status/openai");
        using var first = await PostFormAsync(site, page, ("category", "slow"));
        using var second = await PostFormAsync(site, page, ("category", "api-errors"));
        Assert.EndsWith("reported=again#report", second.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Single(await ReportsAsync(site));
    }

    [Fact]
    public async Task From_another_site_nothing_is_stored()
    {
        await using var site = await TestSite.StartAsync();
        await site.PageAsync("/status/openai");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/status/openai/report")
        {
            Content = new FormUrlEncodedContent([new("category", "slow"), new("back", "/status/openai")]),
            Headers = { { "Sec-Fetch-Site", "cross-site" }, { "Origin", "https://evil.example" } },
        };
        using var response = await site.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await ReportsAsync(site));
    }

    [Fact]
    public async Task The_honeypot_gets_an_accepted_looking_answer_and_nothing_is_stored()
    {
        await using var site = await TestSite.StartAsync();
        var page = await site.PageAsync("/status/openai");
        using var response = await PostFormAsync(site, page, ("category", "slow"), ("website", "http://spam.example"));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.EndsWith("reported=thanks#report", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Empty(await ReportsAsync(site));
    }

    [Theory]
    [InlineData("category", "not-a-category")]
    [InlineData("note", "x")]
    public async Task Unknown_categories_and_long_notes_are_refused(string field, string value)
    {
        await using var site = await TestSite.StartAsync();
        var page = await site.PageAsync("/status/openai");
        var fields = field == "note" ? new[] { ("category", "slow"), ("note", new string('x', 281)) } : new[] { (field, value) };
        using var response = await PostFormAsync(site, page, fields);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await ReportsAsync(site));
    }

    [Fact]
    public async Task A_foreign_back_address_is_not_followed()
    {
        await using var site = await TestSite.StartAsync();
        var page = await site.PageAsync("/status/openai");
        using var response = await PostFormAsync(site, page, ("category", "slow"), ("back", "//evil.example/x"));
        Assert.Equal("/status/openai?reported=thanks#report", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Ten_thousand_reports_from_one_client_count_once_and_do_not_move_the_status()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        await site.ObserveAsync(Observations.Probes(catalog, Service, site.Time.GetUtcNow(), ProbeOutcome.Up));
        var before = Headline(await site.PageAsync("/status/openai"));
        Assert.Equal("operational", before);

        var answers = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 10_000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            using var response = await site.Client.PostAsJsonAsync("/api/status/openai/reports", new { category = "api-errors" }, ct);
            answers.Add(response.StatusCode);
        });

        Assert.Equal(10_000, answers.Count);
        Assert.InRange(answers.Count(a => a == HttpStatusCode.OK), 1, 10); // the per-client allowance
        Assert.Equal(10_000 - answers.Count(a => a == HttpStatusCode.OK), answers.Count(a => a == HttpStatusCode.TooManyRequests));
        Assert.Single(await ReportsAsync(site));
        await site.ObserveAsync(Observations.Probes(catalog, Service, site.Time.GetUtcNow(), ProbeOutcome.Up));
        var page = await site.PageAsync("/status/openai");
        Assert.Equal("operational", Headline(page));
        Assert.Equal("1", page.QuerySelector("[data-reports-hour]")!.GetAttribute("data-reports-hour"));
    }

    [Fact]
    public async Task When_storage_fails_a_report_is_refused_with_503_never_acknowledged_and_can_be_sent_again()
    {
        await using var site = await TestSite.StartAsync();
        var connections = site.Services.GetRequiredService<Downwatch.Storage.Sql.IConnectionFactory>();
        await using (var connection = await connections.OpenAsync())
        {
            await using var rename = connection.CreateCommand();
            rename.CommandText = "ALTER TABLE reports RENAME TO reports_away";
            await rename.ExecuteNonQueryAsync();
        }

        using var refused = await site.Client.PostAsJsonAsync("/api/status/openai/reports", new { category = "api-errors" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("60", refused.Headers.GetValues("Retry-After").Single());
        Assert.Contains("could not be stored right now", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using (var connection = await connections.OpenAsync())
        {
            await using var back = connection.CreateCommand();
            back.CommandText = "ALTER TABLE reports_away RENAME TO reports";
            await back.ExecuteNonQueryAsync();
        }

        // The refused report holds no vote: the same person's retry is stored.
        using var stored = await site.Client.PostAsJsonAsync("/api/status/openai/reports", new { category = "api-errors" });
        Assert.Equal("stored", (await stored.Content.ReadFromJsonAsync<Answer>())!.Outcome);
    }

    [Fact]
    public async Task Many_distinct_people_reporting_make_users_report_problems_but_never_an_outage()
    {
        // Twelve people on twelve networks (/24s), behind a proxy this site is told to trust.
        await using var site = await TestSite.StartAsync(null, "--ForwardedHeaders:KnownProxies=127.0.0.1");
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        await site.ObserveAsync(Observations.Probes(catalog, Service, site.Time.GetUtcNow(), ProbeOutcome.Up));
        for (var i = 0; i < 12; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/status/openai/reports") { Content = JsonContent.Create(new { category = "wont-load" }) };
            request.Headers.Add("X-Forwarded-For", $"198.51.{i}.7");
            using var response = await site.Client.SendAsync(request);
            Assert.Equal("stored", (await response.Content.ReadFromJsonAsync<Answer>())!.Outcome);
        }

        await site.ObserveAsync(Observations.Probes(catalog, Service, site.Time.GetUtcNow(), ProbeOutcome.Up));
        var page = await site.PageAsync("/status/openai");
        Assert.Equal("degraded", Headline(page));
        Assert.Contains(page.QuerySelectorAll(".evidence li"), li => li.TextContent.Contains("Users report problems: 12 people", StringComparison.Ordinal));
        Assert.Equal("12", page.QuerySelector("[data-reports-hour]")!.GetAttribute("data-reports-hour"));
        Assert.Contains("more than usual", page.QuerySelector(".reports-now")!.TextContent, StringComparison.Ordinal);
    }

    private sealed record Answer(string Outcome);

    internal static string? Headline(IDocument page) => page.QuerySelector("#current-status .pill")?.GetAttribute("data-status");

    internal static async Task<IReadOnlyList<CommunityReport>> ReportsAsync(TestSite site) =>
        await site.Services.GetRequiredService<IObservationStore>()
            .ReadReportsAsync(TestSite.Start - TimeSpan.FromDays(1), site.Time.GetUtcNow() + TimeSpan.FromDays(1));

    /// <summary>Posts the page's report form as a browser would: its hidden fields, with <paramref name="fields"/> set.</summary>
    internal static Task<HttpResponseMessage> PostFormAsync(TestSite site, IDocument page, params (string Name, string Value)[] fields)
    {
        var form = page.QuerySelector("form.report-form")!;
        var values = form.QuerySelectorAll("input[type=hidden]")
            .Select(i => (Name: i.GetAttribute("name")!, Value: i.GetAttribute("value") ?? ""))
            .Where(f => fields.All(g => g.Name != f.Name))
            .Concat(fields)
            .Select(f => new KeyValuePair<string, string>(f.Name, f.Value));
        return site.Client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(values));
    }
}
