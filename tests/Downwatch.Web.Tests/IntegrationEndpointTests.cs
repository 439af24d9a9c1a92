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
