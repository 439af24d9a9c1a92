using System.Text.Json;
using Dapper;
using Downwatch.Domain.Incidents;
using Downwatch.Domain.Observations;
using Downwatch.Storage;
using Downwatch.Storage.Sql;
using Downwatch.Web.Tests.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace Downwatch.Web.Tests;

/// <summary>
/// Our probes and the provider's status page about the same problem make one incident on the running site: the provider's
/// posts join our incident's timeline on the page, in the API, the Statuspage-compatible document and the feeds, and the
/// subscribers' thread stays one message on opening and one per change of what we measured.
/// </summary>
public sealed class OneIncidentPerProblemTests
{
    private const string Feed = "https://status.deepseek.com/history.rss";

    [Fact]
    public async Task The_providers_posts_join_our_incident_and_add_no_second_thread()
    {
        await using var site = await NotificationSite.StartAsync();
        var key = await site.KeyAsync();
        await site.SubscribeAsync(key, new { channel = "webhook", url = "http://127.0.0.1:9/hook", service = "deepseek" });

        await site.SetAsync("deepseek", ProbeOutcome.Down);
        Assert.Equal(1, await IncidentEventsAsync(site));

        var now = site.Time.GetUtcNow();
        var vendor = site.Services.GetRequiredService<IVendorIncidentStore>();
        var posted = now - TimeSpan.FromMinutes(1);
        var investigating = new VendorUpdate(posted, VendorPhase.Investigating, "We are investigating elevated API errors.");
        await vendor.SyncAsync("deepseek", Feed, [Theirs(investigating)], now);
        await site.SetAsync("deepseek", ProbeOutcome.Down);

        var incidents = await site.Services.GetRequiredService<IIncidentStore>().ListAsync("deepseek", now - TimeSpan.FromDays(1));
        var incident = Assert.Single(incidents);
        Assert.Equal("We are investigating elevated API errors.", Assert.Single(incident.ProviderUpdates).Text);
        Assert.Equal(1, await IncidentEventsAsync(site));

        // The next round with nothing new from either side stores nothing.
        var version = incident.Version;
        await site.SetAsync("deepseek", ProbeOutcome.Down);
        Assert.Equal(version, (await site.Services.GetRequiredService<IIncidentStore>().FindAsync(incident.Id))!.Version);

        var page = await site.PageAsync("/status/deepseek");
        var entry = Assert.Single(page.QuerySelectorAll("li.incident"));
        var provider = Assert.Single(entry.QuerySelectorAll("li.voice-provider"));
        Assert.Contains("We are investigating elevated API errors.", provider.TextContent, StringComparison.Ordinal);
        Assert.Equal("https://status.deepseek.com/incidents/abc", provider.QuerySelector("a")!.GetAttribute("href"));
        Assert.NotNull(entry.QuerySelector("li.voice-measured"));

        using var api = JsonDocument.Parse(await site.Client.GetStringAsync("/api/v1/incidents?service=deepseek"));
        var updates = api.RootElement.GetProperty("incidents")[0].GetProperty("updates").EnumerateArray().ToList();
        var theirs = Assert.Single(updates, u => u.GetProperty("source").GetString() == "provider");
        Assert.Equal("Investigating", theirs.GetProperty("phase").GetString());
        Assert.Equal(JsonValueKind.Null, theirs.GetProperty("status").ValueKind);
        Assert.Equal("API errors", theirs.GetProperty("providerIncident").GetString());
        Assert.Equal(updates.Count - 1, updates.Count(u => u.GetProperty("source").GetString() == "measured"));

        using var statuspage = JsonDocument.Parse(await site.Client.GetStringAsync("/status/deepseek/api/v2/incidents.json"));
        var bodies = statuspage.RootElement.GetProperty("incidents")[0].GetProperty("incident_updates").EnumerateArray()
            .Select(u => (Id: u.GetProperty("id").GetString(), Body: u.GetProperty("body").GetString())).ToList();
        Assert.Contains(bodies, b => b.Id!.EndsWith("-p0", StringComparison.Ordinal)
            && b.Body == "The provider's status page (\"API errors\"): We are investigating elevated API errors.");
        Assert.Contains("We are investigating elevated API errors.", await site.Client.GetStringAsync("/status/deepseek/incidents.rss"),
            StringComparison.Ordinal);

        // Our own updates (the service coming back) are messages of the thread; the provider's resolution joins quietly.
        var store = site.Services.GetRequiredService<IIncidentStore>();
        for (var minute = 0; minute < 30 && (await store.FindAsync(incident.Id))!.Phase != IncidentPhase.Monitoring; minute++)
        {
            site.Time.Advance(TimeSpan.FromMinutes(1));
            await site.SetAsync("deepseek", ProbeOutcome.Up);
        }

        Assert.Equal(IncidentPhase.Monitoring, (await store.FindAsync(incident.Id))!.Phase);
        var thread = await IncidentEventsAsync(site);
        Assert.True(thread >= 2, $"{thread} incident messages");
        now = site.Time.GetUtcNow();
        await vendor.SyncAsync("deepseek", Feed, [Theirs(investigating, new VendorUpdate(now, VendorPhase.Resolved, "Resolved."))], now);
        await site.SetAsync("deepseek", ProbeOutcome.Up);
        Assert.Equal(thread, await IncidentEventsAsync(site));
        Assert.Equal(["Investigating", "Resolved"], (await store.FindAsync(incident.Id))!.ProviderUpdates.Select(u => u.Phase.ToString()));
    }

    private static VendorIncident Theirs(params VendorUpdate[] updates) =>
        new("deepseek", "abc", VendorEventKind.Incident, "API errors", null, updates[^1].Phase, updates[0].At,
            updates[^1].Phase.IsFinal() ? updates[^1].At : null, null, null, "https://status.deepseek.com/incidents/abc", [], updates, Feed);

    /// <summary>Incident messages queued for the subscriber (queued in the round that caused them, before it returns).</summary>
    private static async Task<long> IncidentEventsAsync(TestSite site)
    {
        await using var connection = await site.Services.GetRequiredService<IConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deliveries WHERE kind LIKE 'incident.%'");
    }
}
