using Downwatch.Domain.Catalog;
using Downwatch.Domain.Incidents;
using Downwatch.Domain.Observations;
using Downwatch.Feeds.Mapping;
using Downwatch.Feeds.Reading;
using Downwatch.Feeds.Statuspage;

namespace Downwatch.Feeds.Tests.Mapping;

public class OfficialStatusMappingTests
{
    private static readonly DateTimeOffset Now = new(2026, 10, 9, 12, 20, 0, TimeSpan.Zero);

    public static ServiceDefinition Service(string slug, Dictionary<string, string>? mapping, params (string Slug, string Name)[] components) => new()
    {
        Slug = slug, Name = slug, Company = "Acme", Category = "llm-api", Region = "United States", Homepage = "https://acme.example",
        StatusPage = new StatusPageDefinition
        {
            Url = "https://status.acme.example", Format = "statuspage", FeedUrl = "https://status.acme.example/api/v2/summary.json",
            Components = mapping ?? [],
        },
        Components = [.. components.Select(c => new ComponentDefinition { Slug = c.Slug, Name = c.Name, Kind = "api" })],
    };

    private static readonly ServiceDefinition Anthropic = Service("anthropic",
        new() { ["Claude API (api.anthropic.com)"] = "api", ["0qbwn08sd68x"] = "console" }, ("api", "API"), ("console", "Claude Console"));

    [Fact]
    public void A_degraded_vendor_component_speaks_for_the_mapped_component_with_its_incident_title_and_link()
    {
        var mapped = OfficialStatusMapping.Map(Fixture.Read("statuspage-v2-summary__claude-console-degraded.json"), Anthropic, "feed", Now);
        Assert.Equal(
            [
                new OfficialStatusObservation("anthropic", "api", Now, VendorStatus.Operational, "Claude API (api.anthropic.com)", "https://status.acme.example"),
                new OfficialStatusObservation("anthropic", "console", Now, VendorStatus.DegradedPerformance, "Elevated errors on platform.claude.com",
                    "https://status.acme.example"),
            ],
            mapped.Observations);
        var incident = Assert.Single(mapped.Incidents);
        Assert.Equal(["console"], incident.Components);
        Assert.True(incident.IsOpen);
        Assert.Equal(4, incident.Updates.Count);
        Assert.Empty(mapped.Notes);
    }

    [Fact]
    public void Only_an_http_link_of_a_feed_reaches_the_pages()
    {
        var json = File.ReadAllText(Fixture.PathOf("statuspage-v2-summary__claude-console-degraded.json"));
        Assert.Equal("https://stspg.io/sjkw7njwf0mt", Assert.Single(OfficialStatusMapping.Map(Fixture.Adapters.Read(Fixture.Text(json)), Anthropic, "feed", Now).Incidents).Url);
        foreach (var hostile in new[] { "javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>", "/relative/path" })
        {
            var read = Fixture.Adapters.Read(Fixture.Text(json.Replace("https://stspg.io/sjkw7njwf0mt", hostile, StringComparison.Ordinal)));
            var incident = Assert.Single(OfficialStatusMapping.Map(read, Anthropic, "feed", Now).Incidents);
            Assert.Null(incident.Url);
            Assert.Equal("Elevated errors on platform.claude.com", incident.Title);
        }
    }

    [Fact]
    public void A_shared_page_lends_nothing_but_the_mapped_component()
    {
        var copilot = Service("github-copilot", new() { ["Copilot"] = "ide" }, ("ide", "IDE completions"));
        var mapped = OfficialStatusMapping.Map(Fixture.Read("statuspage-v2-summary__githubstatus.json"), copilot, "feed", Now);
        var only = Assert.Single(mapped.Observations);
        Assert.Equal(("ide", VendorStatus.Operational), (only.Component, only.Status));
        Assert.Empty(mapped.Incidents);

        var claude = Service("claude", new() { ["claude.ai"] = "web" }, ("web", "Web app"));
        var forClaude = OfficialStatusMapping.Map(Fixture.Read("statuspage-v2-summary__claude-console-degraded.json"), claude, "feed", Now);
        Assert.Equal(VendorStatus.Operational, Assert.Single(forClaude.Observations).Status);
        Assert.Empty(forClaude.Incidents);
    }

    [Fact]
    public void Without_a_mapping_names_match_and_the_page_status_speaks_for_the_whole_service()
    {
        var perplexity = Service("perplexity", null, ("api", "API"), ("web", "Website"), ("mobile", "Mobile app"));
        var components = OfficialStatusMapping.Map(Fixture.Read("instatus-v2-components__perplexity.json"), perplexity, "feed", Now);
        Assert.Equal(["api", "web"], components.Observations.Select(o => o.Component));
        var summary = OfficialStatusMapping.Map(Fixture.Read("instatus-summary__perplexity.json"), perplexity, "feed", Now);
        var whole = Assert.Single(summary.Observations);
        Assert.Null(whole.Component);
        Assert.Equal(VendorStatus.Operational, whole.Status);
    }

    [Fact]
    public void A_maintenance_underway_gives_maintenance_to_the_components_it_names()
    {
        var start = Now - TimeSpan.FromMinutes(30);
        var read = new StatuspageResult
        {
            Components = [new VendorComponentRead("k8w3r06qmzrp", "Claude API (api.anthropic.com)", VendorStatus.Operational)],
            Maintenances =
            [
                new VendorEventRead("m1", VendorEventKind.Maintenance, "Database upgrade", VendorStatus.UnderMaintenance, VendorPhase.Scheduled,
                    true, start, null, null, [new VendorComponentRef("k8w3r06qmzrp", "Claude API (api.anthropic.com)")], [], start, Now + TimeSpan.FromHours(1)),
            ],
        };
        var anthropic = Service("anthropic", new() { ["k8w3r06qmzrp"] = "api" }, ("api", "API"));
        var during = OfficialStatusMapping.Map(read, anthropic, "feed", Now);
        Assert.Equal((VendorStatus.UnderMaintenance, "Maintenance: Database upgrade"), (during.Observations[0].Status, during.Observations[0].Title));
        var before = OfficialStatusMapping.Map(read, anthropic, "feed", start - TimeSpan.FromMinutes(1));
        Assert.Equal(VendorStatus.Operational, before.Observations[0].Status);
    }

    [Fact]
    public void An_open_google_cloud_incident_raises_only_the_mapped_product_and_its_absence_reads_as_operational()
    {
        var vertex = Service("google-vertex-ai", new() { ["Vertex Gemini API"] = "api" }, ("api", "API"), ("console", "Cloud console"));
        var text = File.ReadAllText(Fixture.PathOf("gcp-incidents__vertex-gemini.json"))
            .Replace("\"end\": \"2026-02-27T14:35:00+00:00\",", "", StringComparison.Ordinal);
        var open = Fixture.Adapters.Read(Fixture.Text(text), "google-cloud");
        var during = OfficialStatusMapping.Map(open, vertex, "feed", new DateTimeOffset(2026, 2, 27, 13, 0, 0, TimeSpan.Zero));
        var api = Assert.Single(during.Observations);
        Assert.Equal(("api", VendorStatus.DegradedPerformance), (api.Component, api.Status));
        Assert.StartsWith("Vertex AI Gemini API customers", api.Title, StringComparison.Ordinal);
        Assert.Equal("https://status.acme.example", api.SourceUrl);
        Assert.Equal("https://status.cloud.google.com/incidents/41E5S3mkTGDfkZuJZH5k", Assert.Single(during.Incidents).Url);
        Assert.Equal(["api"], Assert.Single(during.Incidents).Components);

        var closed = OfficialStatusMapping.Map(Fixture.Read("gcp-incidents__vertex-gemini.json"), vertex, "feed", Now);
        Assert.Equal(VendorStatus.Operational, Assert.Single(closed.Observations).Status);
        Assert.Empty(closed.Incidents);
    }

    [Fact]
    public void Closed_incidents_are_kept_for_a_week_only()
    {
        var emma = Service("emma", null, ("api", "API"));
        var read = Fixture.Read("statuspage-v2-incidents__myemma.json");
        var mapped = OfficialStatusMapping.Map(read, emma, "feed", new DateTimeOffset(2019, 2, 21, 15, 0, 0, TimeSpan.Zero));
        var expected = read.Incidents.Count(i => i.ResolvedAt >= new DateTimeOffset(2019, 2, 14, 15, 0, 0, TimeSpan.Zero));
        Assert.InRange(expected, 1, 21);
        Assert.Equal(expected, mapped.Incidents.Count);
        Assert.All(mapped.Incidents, i => Assert.Equal("emma", i.Service));
    }

    [Fact]
    public void A_renamed_vendor_component_is_noted_for_the_operator()
    {
        var renamed = Service("anthropic", new() { ["Claude API (old name)"] = "api" }, ("api", "API"));
        var mapped = OfficialStatusMapping.Map(Fixture.Read("statuspage-v2-summary__claude-operational.json"), renamed, "feed", Now);
        Assert.Empty(mapped.Observations);
        Assert.Contains("Claude API (old name)", Assert.Single(mapped.Notes), StringComparison.Ordinal);
    }
}
