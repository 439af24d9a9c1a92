using System.Net;
using System.Xml.Linq;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;
using Microsoft.Extensions.DependencyInjection;

namespace Downwatch.Web.Tests;

public class IntegrationEndpointTests
{
    [Fact]
    public async Task Badges_show_the_current_status_as_valid_svg()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        var unknown = XDocument.Parse(await site.Client.GetStringAsync("/badge/deepseek.svg"));
        Assert.Contains("DeepSeek: unknown", unknown.Root!.Attribute("aria-label")!.Value, StringComparison.Ordinal);

        await site.ObserveAsync(Observations.Probes(catalog, "deepseek", site.Time.GetUtcNow(), ProbeOutcome.Down));
        using var response = await site.Client.GetAsync("/badge/deepseek.svg");
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType!.MediaType);
        var down = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("DeepSeek: major outage", down.Root!.Attribute("aria-label")!.Value);
        Assert.Contains(down.Descendants(), e => e.Name.LocalName == "rect" && (string?)e.Attribute("fill") == "#cf222e");

        var component = XDocument.Parse(await site.Client.GetStringAsync("/badge/deepseek/api.svg"));
        Assert.StartsWith("DeepSeek API", component.Root!.Attribute("aria-label")!.Value, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await site.Client.GetAsync("/badge/nobody.svg")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await site.Client.GetAsync("/badge/deepseek/nothing.svg")).StatusCode);
    }

    [Fact]
    public void A_badge_label_is_escaped()
    {
        var svg = Integrations.BadgeEndpoints.Render("A&B <x>", Domain.Status.ServiceStatus.Operational);
        Assert.Equal("A&B <x>: operational", XDocument.Parse(svg).Root!.Attribute("aria-label")!.Value);
    }

    [Fact]
    public async Task Health_and_readiness_answer()
    {
        await using var site = await TestSite.StartAsync();
        Assert.Equal("Healthy", await site.Client.GetStringAsync("/healthz"));
        Assert.Equal("Healthy", await site.Client.GetStringAsync("/readyz"));
    }
}

public class ApiTests
{
    [Fact]
    public async Task Services_and_one_service_carry_status_and_evidence()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        await site.ObserveAsync(Observations.Probes(catalog, "anthropic", site.Time.GetUtcNow(), ProbeOutcome.Up));
        using var all = System.Text.Json.JsonDocument.Parse(await site.Client.GetStringAsync("/api/v1/services"));
        Assert.Equal(catalog.Services.Count, all.RootElement.GetArrayLength());
        var anthropic = all.RootElement.EnumerateArray().Single(s => s.GetProperty("slug").GetString() == "anthropic");
        Assert.Equal("Operational", anthropic.GetProperty("status").GetString());
        Assert.Equal("LocalIssue", anthropic.GetProperty("diagnosis").GetString());

        using var one = System.Text.Json.JsonDocument.Parse(await site.Client.GetStringAsync("/api/v1/services/anthropic"));
        Assert.Contains(one.RootElement.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("text").GetString()!.Contains("answered as expected", StringComparison.Ordinal));
        Assert.Equal(catalog.FindService("anthropic")!.Components.Count, one.RootElement.GetProperty("components").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await site.Client.GetAsync("/api/v1/services/nobody")).StatusCode);
    }

    [Fact]
    public async Task Healthy_now_ranks_usable_providers_first_for_failover()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        var now = site.Time.GetUtcNow();
        var down = Observations.Probes(catalog, "openai", now, ProbeOutcome.Down);
        var up = Observations.Probes(catalog, "anthropic", now, ProbeOutcome.Up);
        await site.ObserveAsync(new SignalSet([.. down.Probes, .. up.Probes], [], [], []));
        using var answer = System.Text.Json.JsonDocument.Parse(await site.Client.GetStringAsync("/api/v1/healthy?providers=openai,anthropic,mistral,nobody"));
        var ranked = answer.RootElement.GetProperty("ranked").EnumerateArray().ToList();
        Assert.Equal(["anthropic", "openai", "mistral"], ranked.Select(r => r.GetProperty("provider").GetString()));
        Assert.True(ranked[0].GetProperty("usable").GetBoolean());
        Assert.False(ranked[1].GetProperty("usable").GetBoolean());
        Assert.Equal("MajorOutage", ranked[1].GetProperty("status").GetString());
        Assert.Equal("Unknown", ranked[2].GetProperty("status").GetString());
        Assert.Equal(["nobody"], answer.RootElement.GetProperty("notFound").EnumerateArray().Select(e => e.GetString()));
    }
}

/// <summary>Our Statuspage-shaped documents read back by Downwatch's own Statuspage adapter, as any such tool would.</summary>
public class StatuspageCompatibilityTests
{
    private static async Task<Feeds.Reading.FeedRead> ReadAsync(TestSite site, string path)
    {
        using var response = await site.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var adapter = site.Services.GetServices<Feeds.Reading.IFeedAdapter>().Single(a => a.Name == "statuspage");
        var payload = new Feeds.Reading.FeedPayload(new Uri(site.Client.BaseAddress!, path), await response.Content.ReadAsByteArrayAsync(), "application/json");
        Assert.True(adapter.Recognize(payload) > 0);
        return adapter.Read(payload);
    }

    [Fact]
    public async Task A_service_page_reads_back_with_its_components_and_open_incident()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        await site.ObserveAsync(Observations.Probes(catalog, "deepseek", site.Time.GetUtcNow(), ProbeOutcome.Down));
        var read = await ReadAsync(site, "/status/deepseek/api/v2/summary.json");
        Assert.Equal(VendorStatus.MajorOutage, read.Overall);
        Assert.Equal(catalog.FindService("deepseek")!.Components.Select(c => c.Slug).Order(), read.Components.Select(c => c.Id).Order());
        Assert.All(read.Components, c => Assert.Equal(VendorStatus.MajorOutage, c.Status));
        var incident = Assert.Single(read.Incidents);
        Assert.True(incident.IsOpen);
        Assert.Contains("major outage detected", incident.Title, StringComparison.Ordinal);
        Assert.NotEmpty(incident.Updates);
    }

    [Fact]
    public async Task The_site_page_lists_checked_services_and_never_calls_unchecked_ones_operational()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        var empty = await ReadAsync(site, "/api/v2/summary.json");
        Assert.Empty(empty.Components);
        Assert.Contains("unknown", empty.OverallText, StringComparison.OrdinalIgnoreCase);
        // Statuspage clients read indicator "none" as all operational: never said when nothing was checked.
        Assert.Equal("minor", await IndicatorAsync(site));

        await site.ObserveAsync(Observations.Probes(catalog, "mistral", site.Time.GetUtcNow(), ProbeOutcome.Up));
        var read = await ReadAsync(site, "/api/v2/summary.json");
        var mistral = Assert.Single(read.Components);
        Assert.Equal(("mistral", VendorStatus.Operational), (mistral.Id, mistral.Status));
        Assert.Equal($"All checked systems operational; {catalog.Services.Count - 1} not checked recently", read.OverallText);
        Assert.Equal(HttpStatusCode.OK, (await site.Client.GetAsync("/api/v2/status.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await site.Client.GetAsync("/api/v2/components.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await site.Client.GetAsync("/api/v2/incidents.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await site.Client.GetAsync("/status/nobody/api/v2/summary.json")).StatusCode);
    }

    private static async Task<string?> IndicatorAsync(TestSite site)
    {
        using var json = System.Text.Json.JsonDocument.Parse(await site.Client.GetStringAsync("/api/v2/status.json"));
        return json.RootElement.GetProperty("status").GetProperty("indicator").GetString();
    }
}

/// <summary>Incident feeds checked with System.ServiceModel.Syndication's reader and with Downwatch's own RSS/Atom adapters.</summary>
public class IncidentFeedTests
{
    [Theory]
    [InlineData("/incidents.rss")]
    [InlineData("/incidents.atom")]
    [InlineData("/status/deepseek/incidents.rss")]
    [InlineData("/status/deepseek/incidents.atom")]
    public async Task Incident_feeds_parse_and_carry_the_incident_with_its_updates(string path)
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        await site.ObserveAsync(Observations.Probes(catalog, "deepseek", site.Time.GetUtcNow(), ProbeOutcome.Down));
        using var response = await site.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = System.Xml.XmlReader.Create(stream);
        var feed = System.ServiceModel.Syndication.SyndicationFeed.Load(reader);
        var item = Assert.Single(feed.Items);
        Assert.Equal("DeepSeek: major outage detected", item.Title.Text);
        var text = ((System.ServiceModel.Syndication.TextSyndicationContent)(item.Summary ?? item.Content)).Text;
        Assert.Contains("Investigating", text, StringComparison.Ordinal);
        Assert.EndsWith("The provider has not posted about it yet (0 s since we detected it).", text, StringComparison.Ordinal);
        Assert.EndsWith("/status/deepseek", item.Links[0].Uri.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_service_has_no_feed()
    {
        await using var site = await TestSite.StartAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await site.Client.GetAsync("/status/nobody/incidents.rss")).StatusCode);
    }
}

public class OpenApiTests
{
    [Fact]
    public async Task The_openapi_document_describes_the_read_api_and_the_reference_ui_is_served()
    {
        await using var site = await TestSite.StartAsync();
        using var doc = System.Text.Json.JsonDocument.Parse(await site.Client.GetStringAsync("/openapi/v1.json"));
        var paths = doc.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/services", paths);
        Assert.Contains("/api/v1/services/{slug}", paths);
        Assert.Contains("/api/v1/healthy", paths);
        Assert.Contains("/api/v1/diagnose", paths);
        // Only the API: no HTML pages, files or fallback, and so none of their internal group names.
        Assert.DoesNotContain("/", paths);
        Assert.DoesNotContain("/status/{slug}", paths);
        Assert.DoesNotContain("/site.css", paths);
        Assert.DoesNotContain("/diagnose", paths);
        var tags = doc.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject()).SelectMany(o => o.Value.TryGetProperty("tags", out var t) ? t.EnumerateArray().Select(x => x.GetString()) : [])
            .Distinct().ToList();
        Assert.DoesNotContain("Pages", tags);
        Assert.DoesNotContain("SiteEndpoints", tags);
        Assert.DoesNotContain("EmbeddedAsset", tags);
        using var ui = await site.Client.GetAsync("/api/docs/");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        var html = await ui.Content.ReadAsStringAsync();
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("\"hideClientButton\":true", html.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}

/// <summary>Meters are process-wide, so this runs alone: no other test host's series can stand beside this one's.</summary>
[CollectionDefinition(nameof(MetricsTests), DisableParallelization = true)]
public sealed class MetricsCollection;

[Collection(nameof(MetricsTests))]
public class MetricsTests
{
    [Fact]
    public async Task Prometheus_metrics_expose_each_services_status()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        await site.ObserveAsync(Observations.Probes(catalog, "cohere", site.Time.GetUtcNow(), ProbeOutcome.Down));
        var text = await site.Client.GetStringAsync("/metrics");
        var cohere = text.Split('\n').Single(l => l.StartsWith("downwatch_service_status_severity{", StringComparison.Ordinal)
            && l.Contains("service=\"cohere\"", StringComparison.Ordinal));
        Assert.Equal("4", cohere.Split("} ")[1].Split(' ')[0]);
    }

    [Fact]
    public async Task Ingestion_and_serving_metrics_count_what_happened()
    {
        await using var site = await TestSite.StartAsync();
        await site.Client.GetStringAsync("/status/openai");
        using var report = await site.Client.PostAsync("/api/status/openai/reports",
            new StringContent("{\"category\":\"slow\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        var lines = (await site.Client.GetStringAsync("/metrics")).Split('\n');
        double Value(string name) => double.Parse(lines.Single(l => l.StartsWith(name + "{", StringComparison.Ordinal)).Split("} ")[^1].Split(' ')[0],
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1, Value("downwatch_reports_committed_total"));
        Assert.True(Value("downwatch_page_renders_total") >= 1);
        Assert.Equal(0, Value("downwatch_live_streams"));
    }

}
