using System.Net;
using System.Text.Json;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;
using Downwatch.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Downwatch.Web.Tests;

public class LiveUpdateTests
{
    /// <summary>Reads Server-Sent Events from a stream, skipping comments, within a bounded time.</summary>
    private sealed class EventReader(Stream stream) : IDisposable
    {
        private readonly StreamReader _lines = new(stream);

        public async Task<(string Id, string Event, JsonElement Data)> NextAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            string id = "", kind = "message", data = "";
            while (true)
            {
                var line = await _lines.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException("The event stream ended.");
                if (line.Length == 0 && data.Length > 0)
                {
                    return (id, kind, JsonDocument.Parse(data).RootElement.Clone());
                }

                if (line.StartsWith("id: ", StringComparison.Ordinal)) { id = line[4..]; }
                else if (line.StartsWith("event: ", StringComparison.Ordinal)) { kind = line[7..]; }
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) { data = line[6..]; }
            }
        }

        public void Dispose() => _lines.Dispose();
    }

    private static async Task<(HttpResponseMessage, EventReader)> OpenAsync(TestSite site, string path, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await site.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        return (response, new EventReader(await response.Content.ReadAsStreamAsync()));
    }

    [Fact]
    public async Task A_status_change_and_its_incident_arrive_on_the_stream_for_the_followed_service_only()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        await site.ObserveAsync(new SignalSet([.. Observations.Probes(catalog, "openai", site.Time.GetUtcNow(), ProbeOutcome.Up).Probes,
            .. Observations.Probes(catalog, "anthropic", site.Time.GetUtcNow(), ProbeOutcome.Up).Probes], [], [], []));
        var (response, events) = await OpenAsync(site, "/api/v1/events?services=anthropic");
        using var _ = response;
        using var __ = events;

        site.Time.Advance(TimeSpan.FromMinutes(9)); // less than a round interval: the background loop's own round cannot land between the test's steps
        await site.ObserveAsync(Observations.Probes(catalog, "openai", site.Time.GetUtcNow(), ProbeOutcome.Down));
        await site.ObserveAsync(Observations.Probes(catalog, "anthropic", site.Time.GetUtcNow(), ProbeOutcome.Down));

        var first = await events.NextAsync();
        Assert.Equal("status", first.Event);
        Assert.Equal("anthropic", first.Data.GetProperty("service").GetString()); // openai's change came first but is not followed
        var seen = new List<(string Id, string Event, JsonElement Data)> { first };
        while (!seen.Any(e => e.Event == "incident"))
        {
            seen.Add(await events.NextAsync());
        }

        var service = seen.Last(e => e.Event == "status" && e.Data.GetProperty("component").ValueKind == JsonValueKind.Null);
        Assert.Equal("MajorOutage", service.Data.GetProperty("status").GetString());
        Assert.NotEqual("MajorOutage", service.Data.GetProperty("before").GetString());
        Assert.Equal("major-outage", service.Data.GetProperty("token").GetString());
        Assert.Equal(catalog.FindService("anthropic")!.Name, service.Data.GetProperty("serviceName").GetString());
        Assert.All(seen, e => Assert.Equal("anthropic", e.Data.GetProperty("service").GetString()));
        Assert.True(seen.Single(e => e.Event == "incident").Data.GetProperty("open").GetBoolean());

        // A reader reconnecting with the last id it saw gets what it missed.
        var (again, replay) = await OpenAsync(site, "/api/v1/events", lastEventId: "0");
        using var ___ = again;
        using var ____ = replay;
        Assert.Equal("openai", (await replay.NextAsync()).Data.GetProperty("service").GetString());
    }

    [Fact]
    public async Task Unknown_services_and_too_many_streams_get_a_clear_answer()
    {
        await using var site = await TestSite.StartAsync(null, "--LiveUpdates:MaxReaders=1");
        using var unknown = await site.Client.GetAsync("/api/v1/events?services=nobody");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var (open, events) = await OpenAsync(site, "/api/v1/events");
        using var _ = open;
        using var __ = events;
        using var refused = await site.Client.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [Fact]
    public async Task One_client_cannot_hold_more_than_its_share_of_streams_and_gets_a_slot_back_when_it_closes_one()
    {
        await using var site = await TestSite.StartAsync(null, "--LiveUpdates:MaxReadersPerClient=2");
        var (first, firstEvents) = await OpenAsync(site, "/api/v1/events");
        var (second, secondEvents) = await OpenAsync(site, "/api/v1/events");
        using var __ = second;
        using var ___ = secondEvents;
        using (var refused = await site.Client.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Contains("already holds 2 live streams", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        firstEvents.Dispose();
        first.Dispose();
        HttpResponseMessage? again = null;
        Assert.True(await Eventually.ReachedAsync(async () =>
        {
            again?.Dispose();
            again = await site.Client.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead);
            return again.StatusCode == HttpStatusCode.OK;
        }), "the closed stream's slot never came back");
        again!.Dispose();
    }

    [Fact]
    public async Task Pages_mark_live_statuses_and_load_the_script()
    {
        await using var site = await TestSite.StartAsync();
        var page = await site.PageAsync("/status/deepseek");
        Assert.NotNull(page.QuerySelector("script[src='/live.js'][defer]"));
        Assert.Equal("deepseek", page.QuerySelector("#current-status .pill")!.GetAttribute("data-live"));
        Assert.Contains(page.QuerySelectorAll("table.components .pill"), p => p.GetAttribute("data-live") == "deepseek/api");
        using var script = await site.Client.GetAsync("/live.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        Assert.Contains("EventSource", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
