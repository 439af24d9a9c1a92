using System.Net;
using System.Net.Sockets;
using Dapper;
using Downwatch.Storage.Sql;
using Downwatch.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Downwatch.TestSupport;

namespace Downwatch.Web.Tests;

/// <summary>serve probing its catalog as its own location, against real servers on 127.0.0.1 only.</summary>
public sealed class ProbingTests : IAsyncLifetime
{
    private WebApplication _upstream = default!;
    private string _catalog = "";
    private int _closedPort;

    public async Task InitializeAsync()
    {
        _upstream = await AcmeCatalog.StartUpstreamAsync();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        _catalog = Directory.CreateTempSubdirectory("downwatch-probe-catalog").FullName;
    }

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        Directory.Delete(_catalog, true);
    }

    private string Upstream => _upstream.Urls.First();

    private void WriteCatalog(string apiBase, string webBase) => AcmeCatalog.Write(_catalog, apiBase, webBase);

    private static async Task ProbeRoundAsync(TestSite site, int expectedResults)
    {
        // Every target's first slot falls within one interval (180 s) of when the scheduler starts; the clock is
        // moved on until each has run (the scheduler may still be starting when the first move happens).
        var window = site.Services.GetRequiredService<ObservationWindow>();
        // 10 s of the fake clock per 100 ms of real time at most, so a probe in flight lands while its result is still
        // fresh even when a busy machine takes seconds to finish it (at 30 s per 50 ms, one slow second aged a result
        // past the staleness line and the page said Unknown).
        var lastMove = TimeProvider.System.GetTimestamp();
        await Eventually.ReachedAsync(() => Task.FromResult(window.LatestProbes("acme").Count >= expectedResults), betweenLooks: () =>
        {
            if (TimeProvider.System.GetElapsedTime(lastMove) >= TimeSpan.FromMilliseconds(100))
            {
                site.Time.Advance(TimeSpan.FromSeconds(10));
                lastMove = TimeProvider.System.GetTimestamp();
            }
        });

        Assert.Equal(expectedResults, window.LatestProbes("acme").Count);
        await site.Services.GetRequiredService<AssessmentCycle>().RunAsync(TimeSpan.FromMinutes(3), CancellationToken.None);
    }

    [Fact]
    public async Task Probes_reach_storage_the_engine_and_the_pages()
    {
        WriteCatalog(Upstream, Upstream);
        await using var site = await TestSite.StartAsync(_catalog, "--Probing:Enabled=true", "--Probing:Location=test-lab",
            "--Probing:ControlChecks:DnsNames:0=localhost", $"--Probing:ControlChecks:Urls:0={Upstream}/");
        await ProbeRoundAsync(site, 2);

        var page = await site.PageAsync("/status/acme");
        Assert.Equal("operational", page.QuerySelector("#current-status .pill")!.GetAttribute("data-status"));
        Assert.Null(page.QuerySelector(".banner.offline"));
        var rows = page.QuerySelectorAll("table.probe-results tbody tr");
        Assert.Equal(2, rows.Length);
        Assert.All(rows, r => Assert.Equal("test-lab", r.GetAttribute("data-location")));
        Assert.All(rows, r => Assert.Equal("Up", r.GetAttribute("data-outcome")));
        Assert.Contains("answered 401 carrying authentication-failed as expected", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains(page.QuerySelectorAll(".evidence li"), li => li.TextContent.Contains("API answered as expected (401) at 1 of 1 location", StringComparison.Ordinal));

        var locations = await site.PageAsync("/locations");
        Assert.Equal("true", locations.QuerySelector("tr[data-location=test-lab]")!.GetAttribute("data-online"));
        Assert.NotEqual("0", locations.QuerySelector("[data-stat=started]")!.TextContent);

        await using var connection = await site.Services.GetRequiredService<IConnectionFactory>().OpenAsync();
        await Eventually.ReachedAsync(async () => await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM probe_results") >= 2);

        // The clock may have passed a second slot of a target while the first results were being written.
        var stored = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM probe_results");
        Assert.True(stored >= 2);
        Assert.Equal(stored, await connection.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT result_id) FROM probe_results"));
        Assert.True(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM location_checks WHERE online = 1") >= 1);
    }

    [Fact]
    public async Task Without_internet_serve_says_its_probes_cannot_reach_it_never_a_major_outage()
    {
        var unreachable = $"http://127.0.0.1:{_closedPort}";
        WriteCatalog(unreachable, unreachable);
        await using var site = await TestSite.StartAsync(_catalog, "--Probing:Enabled=true",
            "--Probing:ControlChecks:DnsNames:0=localhost", $"--Probing:ControlChecks:Urls:0={unreachable}/", "--Probing:RetryFailures=false");
        await ProbeRoundAsync(site, 2);
        var before = site.Time.GetUtcNow();
        site.Time.Advance(TimeSpan.FromSeconds(180));
        var window = site.Services.GetRequiredService<ObservationWindow>();
        await Eventually.TrueAsync(() => window.LatestProbes("acme").All(p => p.At > before), "every endpoint probed again after the clock moved");
        await site.Services.GetRequiredService<AssessmentCycle>().RunAsync(TimeSpan.FromMinutes(3), CancellationToken.None);

        foreach (var path in new[] { "/", "/status/acme", "/is-acme-down", "/status/acme/errors/authentication-failed" })
        {
            var page = await site.PageAsync(path);
            var banner = page.QuerySelector(".banner.offline[data-offline=all]");
            Assert.NotNull(banner);
            Assert.Contains("Our probes can't reach the internet right now", banner.TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain(page.QuerySelectorAll(".pill"), p => p.GetAttribute("data-status") is "major-outage" or "partial-outage");
        }

        var locations = await site.PageAsync("/locations");
        Assert.Equal("false", locations.QuerySelector("tr[data-location=local]")!.GetAttribute("data-online"));

        var status = await site.PageAsync("/status/acme");
        Assert.Equal("unknown", status.QuerySelector("#current-status .pill")!.GetAttribute("data-status"));
        Assert.Equal("Inconclusive", status.QuerySelector("[data-diagnosis]")!.GetAttribute("data-diagnosis"));
        Assert.Contains(status.QuerySelectorAll(".evidence li"), li => li.TextContent.Contains("not counted", StringComparison.Ordinal));
    }
}
