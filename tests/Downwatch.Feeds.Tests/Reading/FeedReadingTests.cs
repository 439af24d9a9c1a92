using Downwatch.Domain.Incidents;
using Downwatch.Domain.Observations;
using Downwatch.Feeds.BetterStack;
using Downwatch.Feeds.GoogleCloud;
using Downwatch.Feeds.Instatus;
using Downwatch.Feeds.Syndication;

namespace Downwatch.Feeds.Tests.Reading;

/// <summary>RSS, Atom, Statuspage history, Google Cloud, Better Stack and Instatus, read from captured payloads.</summary>
public class FeedReadingTests
{
    [Theory]
    [InlineData("statuspage-v2-summary__claude-operational.json", "statuspage")]
    [InlineData("statuspage-v2-incidents__myemma.json", "statuspage")]
    [InlineData("incidentio-statuspage-compat-summary__openai.json", "incidentio")]
    [InlineData("statuspage-history-rss__githubstatus.xml", "statuspage-history")]
    [InlineData("statuspage-history-atom__githubstatus.xml", "statuspage-history")]
    [InlineData("rss-incidents__xai.xml", "rss")]
    [InlineData("gcp-incidents__google-cloud.json", "google-cloud")]
    [InlineData("betterstack-index-json__together-ai.json", "betterstack")]
    [InlineData("instatus-summary__perplexity.json", "instatus")]
    [InlineData("instatus-v2-components__perplexity.json", "instatus")]
    public void Each_captured_payload_is_recognised_as_its_format(string fixture, string format) =>
        Assert.Equal(format, Fixture.Read(fixture).Format);

    [Fact]
    public void Statuspage_history_rss_splits_each_item_into_dated_updates()
    {
        var read = Assert.IsType<StatuspageHistoryResult>(Fixture.Read("statuspage-history-rss__githubstatus.xml"));
        Assert.Equal("rss", read.Syndication);
        Assert.Equal(25, read.Incidents.Count + read.Maintenances.Count);
        var first = read.Incidents[0];
        Assert.Equal("fpk08rxnqjz2", first.Id);
        Assert.Equal(8, first.Updates.Count);
        Assert.Equal(new VendorUpdate(new DateTimeOffset(2022, 3, 16, 14, 9, 0, TimeSpan.Zero), VendorPhase.Investigating,
            "We are investigating reports of degraded performance for Issues."), first.Updates[0]);
        Assert.Equal(VendorPhase.Resolved, first.Phase);
        Assert.Equal(new DateTimeOffset(2022, 3, 16, 19, 46, 0, TimeSpan.Zero), first.ResolvedAt);
        Assert.False(first.IsOpen);
        Assert.Equal(VendorStatus.Operational, read.Overall);
    }

    [Fact]
    public void Statuspage_history_atom_reads_entries_with_their_links()
    {
        var read = Fixture.Read("statuspage-history-atom__githubstatus.xml");
        var copilot = read.Incidents.Single(i => i.Title == "Incident with Copilot");
        Assert.Equal("zr4jt8bj1mg2", copilot.Id);
        Assert.Equal("https://www.githubstatus.com/incidents/zr4jt8bj1mg2", copilot.Url);
        Assert.All(copilot.Updates, u => Assert.Equal(2026, u.At.Year));
        Assert.Contains("capacity imbalance", copilot.Updates[^1].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Dec 31, 23:50 UTC", 2026, 1, 1, 2025)]
    [InlineData("Jan  1, 00:10 UTC", 2026, 1, 1, 2026)]
    [InlineData("Mar 16, 19:46 UTC", 2022, 3, 16, 2022)]
    public void A_date_without_a_year_takes_the_year_of_its_entry(string text, int year, int month, int day, int expectedYear) =>
        Assert.Equal(expectedYear, StatuspageHistoryAdapter.DateWithoutYear(text, new DateTimeOffset(year, month, day, 12, 0, 0, TimeSpan.Zero))!.Value.Year);

    [Fact]
    public void A_generic_rss_item_that_states_its_status_is_closed()
    {
        var read = Fixture.Read("rss-incidents__xai.xml");
        var incident = Assert.Single(read.Incidents);
        Assert.Equal("[API Console] Console not loading", incident.Title);
        Assert.Equal("https://status.x.ai/api-console/INC702624e4", incident.Url);
        Assert.Equal(VendorPhase.Resolved, incident.Phase);
        Assert.False(incident.IsOpen);
        Assert.Contains("Investigating issues related to authentication", incident.Updates[0].Text, StringComparison.Ordinal);
        Assert.Equal(VendorStatus.Operational, read.Overall);
        Assert.True(read.IncidentsOnly);
    }

    [Fact]
    public void A_generic_atom_entry_without_a_stated_phase_is_shown_but_never_called_open()
    {
        var read = Fixture.Read("statuspage-history-atom__githubstatus.xml", "atom");
        Assert.Equal(25, read.Incidents.Count + read.Maintenances.Count);
        Assert.All(read.Incidents, i => Assert.False(i.IsOpen));
    }

    [Fact]
    public void Google_cloud_incidents_map_impact_and_products()
    {
        var read = Assert.IsType<GoogleCloudResult>(Fixture.Read("gcp-incidents__google-cloud.json"));
        Assert.Equal(157, read.IncidentCount);
        Assert.All(read.Incidents, i => Assert.False(i.IsOpen));
        Assert.Equal(VendorStatus.Operational, read.Overall);
        var bigquery = read.Incidents.Single(i => i.Id == "TaA75H7XA1DQyM2ReK2f");
        Assert.Equal("[Google BigQuery] Lower throughput from the Read API", bigquery.Title);
        Assert.Equal("https://status.cloud.google.com/incidents/TaA75H7XA1DQyM2ReK2f", bigquery.Url);
        Assert.Equal(VendorPhase.Resolved, bigquery.Updates[^1].Phase);
        Assert.Contains(read.Components, c => c.Name == "Google BigQuery" && c.Status == VendorStatus.Operational);
        var vertex = Assert.Single(Fixture.Read("gcp-incidents__vertex-gemini.json").Incidents);
        Assert.Equal(VendorStatus.DegradedPerformance, vertex.Impact);
        Assert.Contains(vertex.Components, c => c.Id == "Z0FZJAMvEB4j3NbCJs6B" && c.Name == "Vertex Gemini API");
    }

    [Fact]
    public void Better_stack_reads_resources_by_section_and_its_maintenance_report()
    {
        var read = Assert.IsType<BetterStackResult>(Fixture.Read("betterstack-index-json__together-ai.json"));
        Assert.Equal("operational", read.AggregateState);
        Assert.Equal(VendorStatus.Operational, read.Overall);
        Assert.Equal(22, read.Components.Count);
        Assert.Contains(read.Components, c => c.Name == "Kimi K3" && c.Group == "Inference - Chat" && c.Status == VendorStatus.Operational);
        var maintenance = Assert.Single(read.Maintenances);
        Assert.Equal("Scheduled network maintenance", maintenance.Title);
        Assert.Equal(VendorPhase.Completed, maintenance.Phase);
        Assert.False(maintenance.IsOpen);
        Assert.Equal(["We will be performing scheduled network maintenance", "Maintenance ended"],
            maintenance.Updates.Select(u => u.Text.Split(" on July")[0]));
        Assert.Contains(maintenance.Components, c => c.Name == "MiniMax M3");
    }

    [Fact]
    public void Instatus_summary_and_components_read_the_upper_case_vocabulary()
    {
        var summary = Assert.IsType<InstatusResult>(Fixture.Read("instatus-summary__perplexity.json"));
        Assert.Equal("UP", summary.PageStatus);
        Assert.Equal(VendorStatus.Operational, summary.Overall);
        Assert.Empty(summary.Incidents);
        var components = Fixture.Read("instatus-v2-components__perplexity.json");
        Assert.Equal(["Website", "API", "Computer"], components.Components.Select(c => c.Name));
        Assert.All(components.Components, c => Assert.Equal(VendorStatus.Operational, c.Status));
    }
}
