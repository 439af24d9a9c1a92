using System.Text;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Incidents;
using Downwatch.Domain.Observations;
using Downwatch.Feeds.Mapping;
using Downwatch.Feeds.Reading;

namespace Downwatch.Feeds.Tests.Mapping;

/// <summary>Feeds that speak for a whole cloud (Azure) or keep finished events (Volcengine), read from real captures: another
/// product's incident, or a finished one, never lands on a service.</summary>
public class SharedFeedTests
{
    private static readonly DateTimeOffset Now = new(2025, 10, 29, 17, 0, 0, TimeSpan.Zero);

    /// <summary>As catalog/services.yaml maps Azure OpenAI on Azure's feed.</summary>
    private static readonly ServiceDefinition AzureOpenAi = WithFeed("azure-rss",
        new() { ["Azure OpenAI Service"] = "api", ["Azure OpenAI"] = "api", ["Azure AI Foundry"] = "api" });

    private static ServiceDefinition WithFeed(string format, Dictionary<string, string> mapping) =>
        OfficialStatusMappingTests.Service("acme", mapping, ("api", "API")) is var s
            ? new ServiceDefinition
            {
                Slug = s.Slug, Name = s.Name, Company = s.Company, Category = s.Category, Region = s.Region, Homepage = s.Homepage,
                Components = s.Components,
                StatusPage = new StatusPageDefinition { Url = "https://status.example", Format = format, FeedUrl = "https://status.example/feed", Components = mapping },
            }
            : throw new InvalidOperationException();

    [Fact]
    public void The_azure_feed_reads_its_categories_as_the_products_and_regions_an_item_affects_and_a_listed_item_as_open()
    {
        var read = Fixture.Read("rss-azure__frontdoor-20251029.xml", "azure-rss");
        var item = Assert.Single(read.Incidents);
        Assert.True(item.IsOpen);
        Assert.Equal("Azure Front Door - Connectivity issues", item.Title);
        Assert.Equal(new DateTimeOffset(2025, 10, 29, 16, 0, 0, TimeSpan.Zero), item.StartedAt);
        Assert.Contains(item.Components, c => c.Name == "Network Infrastructure");
        Assert.Contains(item.Components, c => c.Name == "West Europe");
        // Detected without being told the platform, too.
        Assert.Equal("azure-rss", Fixture.Adapters.All.First(a => a.Recognize(Fixture.Payload("rss-azure__frontdoor-20251029.xml")) == 60).Name);
    }

    [Theory]
    [InlineData("rss-azure__frontdoor-20251029.xml", "2025-10-29T17:00:00Z")]
    [InlineData("rss-azure__westus-20260723.xml", "2026-07-23T17:00:00Z")]
    public void Another_azure_products_outage_lends_nothing_to_azure_openai(string capture, string at)
    {
        var read = Fixture.Read(capture, "azure-rss");
        Assert.True(Assert.Single(read.Incidents).IsOpen);
        var mapped = OfficialStatusMapping.Map(read, AzureOpenAi, "feed", DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture));
        var only = Assert.Single(mapped.Observations);
        Assert.Equal(("api", VendorStatus.Operational), (only.Component, only.Status));
        Assert.Empty(mapped.Incidents);
    }

    [Fact]
    public void An_item_that_names_the_product_in_its_title_or_categories_speaks_for_it()
    {
        var text = Encoding.UTF8.GetString(Fixture.Bytes("rss-azure__westus-20260723.xml"));
        var titled = text.Replace("Issues connecting to resources in West US", "Azure OpenAI Service - Sweden Central - elevated errors", StringComparison.Ordinal);
        var read = Fixture.Adapters.Named("azure-rss")!.Read(Fixture.Text(titled, "application/xml"));
        var then = new DateTimeOffset(2026, 7, 23, 17, 0, 0, TimeSpan.Zero);
        var mapped = OfficialStatusMapping.Map(read, AzureOpenAi, "feed", then);
        Assert.Equal(("api", VendorStatus.DegradedPerformance), (mapped.Observations[0].Component, mapped.Observations[0].Status));
        Assert.Equal(["api"], Assert.Single(mapped.Incidents).Components);

        // A service that is one of the listed products hears the item through its category.
        var postgres = WithFeed("azure-rss", new() { ["Azure Database for PostgreSQL"] = "api" });
        var forPostgres = OfficialStatusMapping.Map(Fixture.Read("rss-azure__westus-20260723.xml", "azure-rss"), postgres, "feed", then);
        Assert.Equal(VendorStatus.DegradedPerformance, Assert.Single(forPostgres.Observations).Status);
    }

    [Fact]
    public void An_empty_azure_feed_says_operational_for_the_mapped_product()
    {
        var mapped = OfficialStatusMapping.Map(Fixture.Read("rss-azure__empty.xml", "azure-rss"), AzureOpenAi, "feed", Now);
        Assert.Equal(VendorStatus.Operational, Assert.Single(mapped.Observations).Status);
    }

    [Fact]
    public void Volcengine_items_retitled_as_recovered_are_finished_events_never_open_ones()
    {
        var read = Fixture.Read("rss__volcengine-modelark-cn-beijing.xml", "rss");
        Assert.Equal(2, read.Incidents.Count);
        Assert.All(read.Incidents, i =>
        {
            Assert.False(i.IsOpen);
            Assert.Equal(VendorPhase.Resolved, i.Phase);
        });
        var ark = WithFeed("rss", []);
        var mapped = OfficialStatusMapping.Map(read, ark, "feed", new DateTimeOffset(2025, 9, 18, 15, 0, 0, TimeSpan.Zero));
        Assert.All(mapped.Observations, o => Assert.Equal(VendorStatus.Operational, o.Status));
        Assert.All(mapped.Incidents, i => Assert.False(i.IsOpen));
    }

    [Theory]
    [InlineData("方舟大模型服务平台异常(已恢复)")]
    [InlineData("方舟大模型服务平台异常（已解决）")]
    [InlineData("Service is operating normally: [RESOLVED] Increased API Error Rates")]
    [InlineData(" [Incident (Recovered)] Partial Cloud Service Disruption in Korea (Seoul) Zone B")]
    [InlineData("[Incident Recovered] Zone B Indonesia (Jakarta) Region Network Access Anomaly")]
    public void A_title_rewritten_when_the_event_ended_marks_it_finished(string title)
    {
        var feed = $"<rss version=\"2.0\"><channel><title>Status</title><item><title>{System.Security.SecurityElement.Escape(title)}</title>" +
            "<description>Details.</description><pubDate>Thu, 18 Sep 2025 22:20:00 +0800</pubDate></item></channel></rss>";
        var item = Assert.Single(Fixture.Adapters.Named("azure-rss")!.Read(Fixture.Text(feed, "application/xml")).Incidents);
        Assert.Equal(VendorPhase.Resolved, item.Phase);
        Assert.False(item.IsOpen);
    }
}
