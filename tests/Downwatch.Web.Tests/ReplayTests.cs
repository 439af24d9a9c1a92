using System.Text.Json;
using Downwatch.Catalog;
using Downwatch.Domain.Catalog;
using Downwatch.Web.Cli.Replay;
using Downwatch.Web.Hosting;

namespace Downwatch.Web.Tests;

/// <summary>The status rules pinned on realistic timelines, through the same code as <c>downwatch replay</c>.</summary>
public class ReplayTests
{
    private static readonly ServiceCatalog Catalog = CatalogLoader.LoadDirectory(CatalogOptions.BundledDirectory);

    private static List<JsonElement> Timeline(string scenario)
    {
        var file = ScenarioFile.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Scenarios", scenario)));
        using var json = JsonDocument.Parse(ReplayCommand.Render(Catalog, file));
        return json.RootElement.GetProperty("timeline").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static string Status(JsonElement frame) => frame.GetProperty("status").GetString()!;

    private static string At(JsonElement frame) => frame.GetProperty("at").GetString()!;

    private static IEnumerable<string> Evidence(JsonElement frame) =>
        frame.GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("text").GetString()!);

    [Fact]
    public void Full_outage_is_confirmed_then_acknowledged_then_recovers()
    {
        var timeline = Timeline("full-outage.yaml");
        Assert.Equal("Operational", Status(timeline[0]));
        var outage = timeline.First(f => Status(f) == "MajorOutage");
        Assert.Equal("2026-03-02T10:12:00+00:00", At(outage)); // second failed probe confirms
        Assert.Equal("GlobalOutage", outage.GetProperty("diagnosis").GetString());
        Assert.Equal("Medium", outage.GetProperty("confidence").GetString());
        var acknowledged = timeline.First(f => f.GetProperty("confidence").GetString() == "High" && Status(f) == "MajorOutage");
        Assert.Equal("2026-03-02T10:20:00+00:00", At(acknowledged));
        Assert.Contains(Evidence(acknowledged), e => e.Contains("Elevated errors on all surfaces", StringComparison.Ordinal));
        Assert.Equal("Operational", Status(timeline[^1]));
        Assert.Equal("LocalIssue", timeline[^1].GetProperty("diagnosis").GetString());
    }

    [Fact]
    public void One_failing_surface_is_a_partial_incident()
    {
        var last = Timeline("partial-outage.yaml")[^1];
        Assert.Equal("PartialOutage", Status(last));
        Assert.Equal("PartialIncident", last.GetProperty("diagnosis").GetString());
        var components = last.GetProperty("components").EnumerateArray().ToDictionary(c => c.GetProperty("component").GetString()!, Status);
        Assert.Equal("MajorOutage", components["api"]);
        Assert.Equal("Operational", components["web"]);
    }

    [Fact]
    public void Slow_answers_degrade_but_never_become_an_outage()
    {
        var timeline = Timeline("slow-degradation.yaml");
        Assert.All(timeline, f => Assert.Contains(Status(f), new[] { "Operational", "Degraded" }));
        Assert.Equal("Operational", Status(timeline[0]));
        Assert.Equal("Degraded", Status(timeline[^1]));
        Assert.Contains(Evidence(timeline[^1]), e => e.Contains("answered slowly at 3 of 3", StringComparison.Ordinal));
    }

    [Fact]
    public void A_flapping_endpoint_at_one_location_is_regional_errors_never_an_outage()
    {
        // Half the requests fail at eu-west: a failure rate, seen (the old streak rule hid it as operational), but
        // at one location of three it is Degraded and never "not you".
        var timeline = Timeline("flapping.yaml");
        Assert.All(timeline, f => Assert.Contains(Status(f), new[] { "Operational", "Degraded" }));
        Assert.All(timeline, f => Assert.NotEqual("GlobalOutage", f.GetProperty("diagnosis").GetString()));
        Assert.Equal("Degraded", Status(timeline[^1]));
    }

    [Fact]
    public void A_location_that_loses_its_own_network_is_not_evidence()
    {
        var timeline = Timeline("location-offline.yaml");
        Assert.All(timeline, f => Assert.Equal("Operational", Status(f)));
        Assert.Contains(Evidence(timeline[^1]), e => e.Contains("from eu-west not counted", StringComparison.Ordinal));
    }

    [Fact]
    public void A_vendor_only_incident_shows_as_the_vendors_claim()
    {
        var last = Timeline("vendor-only.yaml")[^1];
        Assert.Equal("PartialOutage", Status(last));
        Assert.Equal("Medium", last.GetProperty("confidence").GetString());
        Assert.Contains(Evidence(last), e => e.Contains("The provider's status page says partial outage", StringComparison.Ordinal));
        Assert.Contains(Evidence(last), e => e.Contains("still answer normally", StringComparison.Ordinal));
    }

    [Fact]
    public void A_report_spike_with_healthy_probes_is_only_users_report_problems()
    {
        var timeline = Timeline("report-spike.yaml");
        Assert.All(timeline, f => Assert.Contains(Status(f), new[] { "Operational", "Degraded" }));
        var spike = timeline.First(f => Status(f) == "Degraded");
        Assert.Equal("Low", spike.GetProperty("confidence").GetString());
        Assert.Equal("Inconclusive", spike.GetProperty("diagnosis").GetString());
        Assert.Contains(Evidence(spike), e => e.StartsWith("Users report problems", StringComparison.Ordinal));
        Assert.Equal("Operational", Status(timeline[^1]));
    }

    [Fact]
    public void An_unknown_service_in_a_scenario_is_a_clear_error()
    {
        var file = ScenarioFile.Parse("start: 2026-03-02T10:00:00Z\nend: 2026-03-02T10:10:00Z\nservices: [nobody]\n");
        var e = Assert.Throws<FormatException>(() => ReplayCommand.Render(Catalog, file));
        Assert.Contains("nobody", e.Message, StringComparison.Ordinal);
    }
}
