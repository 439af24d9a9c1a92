using System.Net;
using System.Text.Json;
using Downwatch.Domain.Incidents;
using Downwatch.Domain.Status;
using Downwatch.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Downwatch.Web.Tests;

/// <summary>The 90-day "who saw it first" page and API of a service, on stored incidents of ours and the provider's.</summary>
public sealed class ProviderLagTests
{
    [Fact]
    public async Task The_page_and_the_api_count_who_saw_each_problem_first()
    {
        await using var site = await TestSite.StartAsync();
        var now = site.Time.GetUtcNow();
        var ours = now - TimeSpan.FromDays(3);
        await site.Services.GetRequiredService<IIncidentStore>().UpsertAsync(new Incident("openai-1", "openai", "OpenAI API Platform: major outage detected",
            ServiceStatus.MajorOutage, ours, ours + TimeSpan.FromMinutes(30),
            [new IncidentUpdate(ours, IncidentPhase.Investigating, ServiceStatus.MajorOutage, "Every probe failed.")]));
        VendorIncident Theirs(string id, DateTimeOffset posted) => new("openai", id, VendorEventKind.Incident, $"Elevated errors ({id})", null,
            VendorPhase.Resolved, posted, posted + TimeSpan.FromHours(1), null, null, $"https://status.openai.com/incidents/{id}", [],
            [new VendorUpdate(posted, VendorPhase.Investigating, "We are investigating.")], "https://status.openai.com/api/v2/incidents.json");
        await site.Services.GetRequiredService<IVendorIncidentStore>().SyncAsync("openai", "https://status.openai.com/api/v2/incidents.json",
            [Theirs("v1", ours + TimeSpan.FromMinutes(4)), Theirs("v2", now - TimeSpan.FromDays(20))], now);

        using var api = await site.Client.GetAsync("/api/v1/services/openai/provider-lag?days=30");
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        using var json = JsonDocument.Parse(await api.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("detected").GetInt32());
        Assert.Equal(1, root.GetProperty("detectedAhead").GetInt32());
        Assert.Equal(240, root.GetProperty("medianLeadSeconds").GetDouble());
        Assert.Equal(1, root.GetProperty("postsNeverSeen").GetInt32());
        Assert.Equal("https://status.openai.com/incidents/v1", root.GetProperty("incidents")[0].GetProperty("providerIncidentUrl").GetString());
        Assert.Equal("Elevated errors (v2)", root.GetProperty("neverSeen")[0].GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await site.Client.GetAsync("/api/v1/services/openai/provider-lag?days=365")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await site.Client.GetAsync("/api/v1/services/nope/provider-lag")).StatusCode);

        var page = await site.PageAsync("/status/openai/provider-lag");
        Assert.Contains("our probes saw 1 before the provider's status page posted (median lead 4 min)", page.QuerySelector(".official-lag-summary")!.TextContent,
            StringComparison.Ordinal);
        Assert.Contains("We detected it 4 min before the provider posted", page.QuerySelector("td.official-lag")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Elevated errors (v2)", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.NotNull((await site.PageAsync("/status/openai")).QuerySelector("a[href='/status/openai/provider-lag']"));
    }
}
