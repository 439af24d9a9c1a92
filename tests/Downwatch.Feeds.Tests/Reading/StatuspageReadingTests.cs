using Downwatch.Domain.Incidents;
using Downwatch.Domain.Observations;
using Downwatch.Feeds.IncidentIo;
using Downwatch.Feeds.Statuspage;

namespace Downwatch.Feeds.Tests.Reading;

/// <summary>Statuspage v2 JSON and incident.io's compatible summary, read from captured payloads.</summary>
public class StatuspageReadingTests
{
    [Fact]
    public void An_operational_claude_summary_reads_six_operational_components_and_nothing_open()
    {
        var read = Assert.IsType<StatuspageResult>(Fixture.Read("statuspage-v2-summary__claude-operational.json"));
        Assert.Equal("tymt9n04zgry", read.PageId);
        Assert.Equal(VendorStatus.Operational, read.Overall);
        Assert.Equal("All Systems Operational", read.OverallText);
        Assert.Equal(6, read.Components.Count);
        Assert.All(read.Components, c => Assert.Equal(VendorStatus.Operational, c.Status));
        Assert.Contains(read.Components, c => c.Id == "k8w3r06qmzrp" && c.Name == "Claude API (api.anthropic.com)");
        Assert.Empty(read.Incidents);
        Assert.Empty(read.Skipped);
    }

    [Fact]
    public void A_degraded_console_has_its_open_incident_with_four_updates_in_time_order()
    {
        var read = Fixture.Read("statuspage-v2-summary__claude-console-degraded.json");
        Assert.Equal(VendorStatus.DegradedPerformance, read.Overall);
        Assert.Equal(VendorStatus.DegradedPerformance, read.Components.Single(c => c.Id == "0qbwn08sd68x").Status);
        var incident = Assert.Single(read.Incidents);
        Assert.True(incident.IsOpen);
        Assert.Equal(VendorPhase.Monitoring, incident.Phase);
        Assert.Equal(VendorStatus.PartialOutage, incident.Impact);
        Assert.Equal("https://stspg.io/sjkw7njwf0mt", incident.Url);
        Assert.Equal([VendorPhase.Investigating, VendorPhase.Investigating, VendorPhase.Identified, VendorPhase.Monitoring],
            incident.Updates.Select(u => u.Phase));
        Assert.Equal(new DateTimeOffset(2026, 10, 7, 13, 25, 4, 271, TimeSpan.Zero), incident.Updates[0].At);
        Assert.StartsWith("We are investigating elevated errors", incident.Updates[0].Text, StringComparison.Ordinal);
        Assert.Equal("0qbwn08sd68x", Assert.Single(incident.Components).Id);
    }

    [Fact]
    public void Github_summary_during_an_incident_names_the_affected_components_from_its_updates()
    {
        var read = Fixture.Read("statuspage-v2-summary__githubstatus.json");
        Assert.Equal(VendorStatus.DegradedPerformance, read.Overall);
        Assert.Equal(VendorStatus.PartialOutage, read.Components.Single(c => c.Name == "Packages").Status);
        Assert.Equal(VendorStatus.Operational, read.Components.Single(c => c.Name == "Copilot").Status);
        var incident = Assert.Single(read.Incidents);
        Assert.Equal("Incident with Packages and Pages", incident.Title);
        Assert.Equal(VendorPhase.Investigating, incident.Phase);
        Assert.Equal(["Packages", "Pages"], incident.Components.Select(c => c.Name).Order());
    }

    [Fact]
    public void Scheduled_maintenances_keep_their_window_and_are_closed_once_completed()
    {
        var read = Fixture.Read("statuspage-v2-scheduled-maintenances__claude.json");
        Assert.Empty(read.Incidents);
        Assert.Equal(2, read.Maintenances.Count);
        var first = read.Maintenances[0];
        Assert.Equal("Upgrades to Connector Auth Storage", first.Title);
        Assert.Equal(VendorPhase.Completed, first.Phase);
        Assert.False(first.IsOpen);
        Assert.Equal(new DateTimeOffset(2025, 8, 29, 1, 25, 0, TimeSpan.Zero), first.WindowStart);
        Assert.Equal(new DateTimeOffset(2025, 8, 29, 2, 40, 0, TimeSpan.Zero), first.WindowEnd);
        Assert.Equal([VendorPhase.Scheduled, VendorPhase.InProgress, VendorPhase.Verifying, VendorPhase.Completed], first.Updates.Select(u => u.Phase));
    }

    [Fact]
    public void An_incidents_json_history_reads_every_incident_with_its_timeline()
    {
        var read = Fixture.Read("statuspage-v2-incidents__myemma.json");
        Assert.Equal(22, read.Incidents.Count);
        Assert.All(read.Incidents, i => Assert.False(i.IsOpen));
        Assert.All(read.Incidents, i => Assert.NotNull(i.ResolvedAt));
        var latest = read.Incidents[0];
        Assert.Equal("Intermittent navigation/sending trouble for some users", latest.Title);
        Assert.Equal(VendorPhase.Resolved, latest.Updates[^1].Phase);
        Assert.Equal(new DateTimeOffset(2019, 2, 20, 19, 40, 58, 572, TimeSpan.Zero), latest.ResolvedAt);
    }

    [Fact]
    public void Openais_incident_io_summary_is_told_apart_from_statuspage_by_its_ulid_ids()
    {
        var read = Assert.IsType<IncidentIoResult>(Fixture.Read("incidentio-statuspage-compat-summary__openai.json"));
        Assert.Equal("statuspage-compatible", read.Shape);
        Assert.Equal(25, read.Components.Count);
        Assert.Contains(read.Components, c => c.Name == "Codex API" && c.Status == VendorStatus.Operational);
        Assert.Empty(read.Incidents);
        Assert.Equal(VendorStatus.Operational, read.Overall);
    }

    [Fact]
    public void The_incident_io_widget_shape_lists_ongoing_incidents_with_their_components()
    {
        // Field names as third-party clients of the widget endpoint read them (no captured payload was found).
        var read = Fixture.Adapters.Read(Fixture.Text("""
            {"ongoing_incidents":[{"id":"01JX","name":"Elevated errors","status":"identified","url":"https://status.example/incidents/01JX",
              "last_update_at":"2026-05-01T10:00:00Z","last_update_message":"A fix is being deployed.","current_worst_impact":"full_outage",
              "affected_components":[{"id":"01JC","name":"Chat"}]}],
             "in_progress_maintenances":[],"scheduled_maintenances":[]}
            """), "incidentio");
        var incident = Assert.Single(read.Incidents);
        Assert.Equal(VendorStatus.MajorOutage, incident.Impact);
        Assert.Equal(VendorStatus.MajorOutage, read.Overall);
        Assert.Equal("Chat", Assert.Single(incident.Components).Name);
        Assert.Equal("A fix is being deployed.", Assert.Single(incident.Updates).Text);
    }
}
