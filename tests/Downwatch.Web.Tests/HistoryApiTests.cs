using System.Net;
using System.Text.Json;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Incidents;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Status;
using Downwatch.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Downwatch.Web.Tests;

public class HistoryApiTests
{
    private static Incident Incident(string service, DateTimeOffset start, bool open) =>
        new($"{service}-{start:yyyyMMddHHmmss}", service, $"{service}: major outage detected", ServiceStatus.MajorOutage, start,
            open ? null : start.AddMinutes(30), [new IncidentUpdate(start, IncidentPhase.Investigating, ServiceStatus.MajorOutage, "Probes fail.")]);

    [Fact]
    public async Task Each_incident_says_who_saw_it_first_we_or_the_provider()
    {
        await using var site = await TestSite.StartAsync();
        var now = site.Time.GetUtcNow();
        var store = site.Services.GetRequiredService<IIncidentStore>();
        await store.UpsertAsync(Incident("openai", now.AddMinutes(-30), open: true));
        await store.UpsertAsync(Incident("anthropic", now.AddMinutes(-40), open: false));
        var posted = now.AddMinutes(-30).AddSeconds(135);
        await site.Services.GetRequiredService<IVendorIncidentStore>().SyncAsync("openai", "https://status.openai.com/feed",
            [new VendorIncident("openai", "v1", VendorEventKind.Incident, "Elevated error rates", null, VendorPhase.Investigating, posted, null,
                null, null, "https://status.openai.com/incidents/v1", [], [new VendorUpdate(posted, VendorPhase.Investigating, "Investigating.")],
                "https://status.openai.com/feed")], now);

        using var page = JsonDocument.Parse(await site.Client.GetStringAsync("/api/v1/incidents"));
        var incidents = page.RootElement.GetProperty("incidents").EnumerateArray().ToDictionary(e => e.GetProperty("service").GetString()!);
        var openai = incidents["openai"];
        Assert.Equal(135, openai.GetProperty("detectedAheadSeconds").GetDouble());
        Assert.Equal("https://status.openai.com/incidents/v1", openai.GetProperty("providerIncidentUrl").GetString());
        Assert.Equal("We detected it 2 min 15 s before the provider posted \"Elevated error rates\".", openai.GetProperty("providerLag").GetString());
        var anthropic = incidents["anthropic"];
        Assert.Equal(JsonValueKind.Null, anthropic.GetProperty("detectedAheadSeconds").ValueKind);
        Assert.Equal("The provider did not post about it while it lasted (30 min).", anthropic.GetProperty("providerLag").GetString());
    }

    [Fact]
    public async Task Incidents_page_through_newest_first_without_gaps_or_repeats()
    {
        await using var site = await TestSite.StartAsync();
        var store = site.Services.GetRequiredService<IIncidentStore>();
        var now = site.Time.GetUtcNow();
        // 25 incidents of openai (two sharing a start time, so the id breaks the tie), 3 of anthropic, one too old.
        var openai = Enumerable.Range(1, 24).Select(i => Incident("openai", now.AddHours(-i * 5), open: i == 1)).ToList();
        openai.Add(openai[10] with { Id = openai[10].Id + "-b" });
        foreach (var i in openai.Concat(Enumerable.Range(1, 3).Select(i => Incident("anthropic", now.AddHours(-i * 7), false)))
                     .Append(Incident("openai", now.AddDays(-200), false)))
        {
            await store.UpsertAsync(i);
        }

        var seen = new List<string>();
        var next = "/api/v1/incidents?service=openai&limit=10";
        var pages = 0;
        while (next is not null && pages++ < 10)
        {
            using var response = await site.Client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var ids = page.RootElement.GetProperty("incidents").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
            Assert.True(ids.Count <= 10);
            seen.AddRange(ids);
            next = page.RootElement.GetProperty("next").GetString();
            Assert.Equal(next is not null, response.Headers.Contains("Link"));
        }

        Assert.Equal(3, pages);
        Assert.Equal(openai.OrderByDescending(i => i.StartedAt).ThenByDescending(i => i.Id, StringComparer.Ordinal).Select(i => i.Id), seen);

        using var open = JsonDocument.Parse(await site.Client.GetStringAsync("/api/v1/incidents?status=open"));
        var only = Assert.Single(open.RootElement.GetProperty("incidents").EnumerateArray());
        Assert.Equal(openai[0].Id, only.GetProperty("id").GetString());
        Assert.True(only.GetProperty("open").GetBoolean());

        using var all = JsonDocument.Parse(await site.Client.GetStringAsync("/api/v1/incidents?limit=100"));
        Assert.Equal(28, all.RootElement.GetProperty("incidents").GetArrayLength());
        using var old = JsonDocument.Parse(await site.Client.GetStringAsync($"/api/v1/incidents?limit=100&since={Uri.EscapeDataString(now.AddDays(-300).ToString("O"))}"));
        Assert.Equal(29, old.RootElement.GetProperty("incidents").GetArrayLength());
    }

    [Theory]
    [InlineData("/api/v1/incidents?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/incidents?limit=101", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/incidents?status=broken", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/incidents?cursor=not-a-cursor", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/incidents?since=2020-01-01T00:00:00Z", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/incidents?service=nobody", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/services/nobody/uptime", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/services/openai/uptime?days=12", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/services/nobody/reports", HttpStatusCode.NotFound)]
    public async Task Bad_history_requests_get_a_clear_error(string path, HttpStatusCode expected)
    {
        await using var site = await TestSite.StartAsync();
        using var response = await site.Client.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(body.RootElement.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Uptime_rolls_up_measured_days_and_leaves_unmeasured_ones_null()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        var now = site.Time.GetUtcNow();
        await site.ObserveAsync(Observations.Probes(catalog, "deepseek", now, ProbeOutcome.Up), TimeSpan.FromMinutes(30));
        // Less than the test site's round interval (10 min): the background loop's own round must not land in between
        // and count 10 more minutes (a busy machine saw 0.6 instead of 0.75).
        site.Time.Advance(TimeSpan.FromMinutes(9));
        await site.ObserveAsync(Observations.Probes(catalog, "deepseek", site.Time.GetUtcNow(), ProbeOutcome.Down), TimeSpan.FromMinutes(10));

        using var answer = JsonDocument.Parse(await site.Client.GetStringAsync("/api/v1/services/deepseek/uptime?days=7"));
        var components = answer.RootElement.GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(catalog.FindService("deepseek")!.Components.Count, components.Count);
        var days = components[0].GetProperty("days").EnumerateArray().ToList();
        Assert.Equal(7, days.Count);
        Assert.All(days.Take(6), d => Assert.Equal(JsonValueKind.Null, d.GetProperty("uptime").ValueKind));
        // 30 minutes up (the second round's 10 minutes count as the status it found: an outage).
        Assert.Equal(0.75, days[6].GetProperty("uptime").GetDouble(), 3);
        Assert.Equal(0.75, answer.RootElement.GetProperty("uptime").GetDouble(), 3);
        using var ninety = JsonDocument.Parse(await site.Client.GetStringAsync("/api/v1/services/deepseek/uptime"));
        Assert.Equal(90, ninety.RootElement.GetProperty("components")[0].GetProperty("days").GetArrayLength());
    }

    [Fact]
    public async Task Reports_summary_counts_distinct_reporters_and_top_problems()
    {
        await using var site = await TestSite.StartAsync();
        var now = site.Time.GetUtcNow();
        var reports = Enumerable.Range(0, 7).Select(i => new CommunityReport("moonshot-kimi", now.AddMinutes(-i), $"reporter-{i}", i < 5 ? "api-errors" : "slow"))
            .Append(new CommunityReport("moonshot-kimi", now.AddMinutes(-1), "reporter-0", "api-errors"))
            .ToList();
        await site.ObserveAsync(new SignalSet([], [], [], reports));
        using var answer = JsonDocument.Parse(await site.Client.GetStringAsync("/api/v1/services/moonshot-kimi/reports"));
        var hour = answer.RootElement.GetProperty("windows").EnumerateArray().Single(w => w.GetProperty("minutes").GetInt32() == 60);
        Assert.Equal(7, hour.GetProperty("distinctReporters").GetInt32());
        var top = answer.RootElement.GetProperty("topProblems")[0];
        Assert.Equal("api-errors", top.GetProperty("category").GetString());
        Assert.Equal(5, top.GetProperty("distinctReporters").GetInt32());
        Assert.Equal(24, answer.RootElement.GetProperty("hours").GetArrayLength());
    }
}

public class ApiCachingTests
{
    [Theory]
    [InlineData("/api/v1/services")]
    [InlineData("/api/v1/services/openai")]
    [InlineData("/api/v2/summary.json")]
    [InlineData("/badge/openai.svg")]
    [InlineData("/incidents.atom")]
    public async Task Answers_are_served_from_memory_within_a_round_and_change_with_the_status(string path)
    {
        await using var site = await TestSite.StartAsync();
        using var first = await site.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag!;
        Assert.True(first.Headers.CacheControl!.NoCache || first.Headers.CacheControl.MaxAge is not null); // badges: a minute

        using var cached = await site.Client.GetAsync(path);
        Assert.NotNull(cached.Headers.Age); // answered by the output cache
        Assert.Equal(await first.Content.ReadAsStringAsync(), await cached.Content.ReadAsStringAsync());
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, path);
        revalidate.Headers.IfNoneMatch.Add(etag);
        using var notModified = await site.Client.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        await site.ObserveAsync(Observations.Probes(catalog, "openai", site.Time.GetUtcNow(), ProbeOutcome.Down));
        using var changed = new HttpRequestMessage(HttpMethod.Get, path);
        changed.Headers.IfNoneMatch.Add(etag);
        using var fresh = await site.Client.SendAsync(changed);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Null(fresh.Headers.Age);
        Assert.NotEqual(etag, fresh.Headers.ETag);
        Assert.NotEqual(await first.Content.ReadAsStringAsync(), await fresh.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Errors_are_not_cached()
    {
        await using var site = await TestSite.StartAsync();
        using var missing = await site.Client.GetAsync("/api/v1/services/nobody");
        using var again = await site.Client.GetAsync("/api/v1/services/nobody");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Null(again.Headers.Age);
    }
}
