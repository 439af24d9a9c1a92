using System.Net;
using System.Net.Http.Json;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;
using Downwatch.Web.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Downwatch.Web.Tests.Reports;

/// <summary>A reporter is a network (/24, /64), not whatever headers a client chooses to send.</summary>
public class ReporterIdentityTests
{
    [Fact]
    public async Task A_thousand_reports_from_one_address_with_a_thousand_user_agents_count_as_one_reporter()
    {
        await using var site = await TestSite.StartAsync(null, "--Reports:PermitsPerClient=10000");
        var outcomes = await PostManyAsync(site, 1000, (request, i) => request.Headers.UserAgent.ParseAdd($"browser/{i}.0"));
        Assert.Equal(1, outcomes.Count(o => o == "stored"));
        Assert.Equal(999, outcomes.Count(o => o == "already-counted"));
        Assert.Single(await ReportTests.ReportsAsync(site));
    }

    [Fact]
    public async Task The_allowance_holds_whatever_user_agent_a_client_sends()
    {
        await using var site = await TestSite.StartAsync();
        var outcomes = await PostManyAsync(site, 30, (request, i) => request.Headers.UserAgent.ParseAdd($"browser/{i}.0"));
        Assert.Equal(10, outcomes.Count(o => o is "stored" or "already-counted"));
        Assert.Equal(20, outcomes.Count(o => o == "429"));
    }

    [Fact]
    public async Task X_forwarded_for_from_a_client_that_is_not_a_known_proxy_is_ignored()
    {
        await using var site = await TestSite.StartAsync(null, "--Reports:PermitsPerClient=10000");
        var outcomes = await PostManyAsync(site, 12, (request, i) => request.Headers.Add("X-Forwarded-For", $"198.51.{i}.7"));
        Assert.Equal(1, outcomes.Count(o => o == "stored"));
    }

    [Fact]
    public async Task Behind_a_known_proxy_addresses_in_one_slash_24_are_one_reporter_and_twelve_slash_24s_move_a_status_only_to_degraded()
    {
        await using var site = await TestSite.StartAsync(null, "--ForwardedHeaders:KnownProxies=127.0.0.1", "--Reports:PermitsPerClient=10000");
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        var sameNetwork = await PostManyAsync(site, 12, (request, i) => request.Headers.Add("X-Forwarded-For", $"192.0.2.{i}, 203.0.113.{i + 1}"));
        Assert.Equal(1, sameNetwork.Count(o => o == "stored"));

        // What a client puts left of the proxy's entry is its own invention and is not read.
        var twelveNetworks = await PostManyAsync(site, 12, (request, i) => request.Headers.Add("X-Forwarded-For", $"192.0.2.1, 198.51.{i}.7"));
        Assert.Equal(12, twelveNetworks.Count(o => o == "stored"));
        await site.ObserveAsync(Observations.Probes(catalog, "openai", site.Time.GetUtcNow(), ProbeOutcome.Up));
        var page = await site.PageAsync("/status/openai");
        Assert.Equal("degraded", ReportTests.Headline(page));
        Assert.Equal("13", page.QuerySelector("[data-reports-hour]")!.GetAttribute("data-reports-hour"));
    }

    [Theory]
    [InlineData("203.0.113.77", "203.0.113.0/24")]
    [InlineData("::ffff:203.0.113.77", "203.0.113.0/24")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    public void A_reporter_is_the_address_prefix(string address, string network)
    {
        var fingerprint = new ClientFingerprint(Options.Create(new ReportOptions()));
        Assert.Equal(network, fingerprint.NetworkOf(IPAddress.Parse(address)));
    }

    [Fact]
    public void The_prefix_lengths_are_configurable()
    {
        var fingerprint = new ClientFingerprint(Options.Create(new ReportOptions { IPv4PrefixLength = 32, IPv6PrefixLength = 48 }));
        Assert.Equal("203.0.113.77/32", fingerprint.NetworkOf(IPAddress.Parse("203.0.113.77")));
        Assert.Equal("2001:db8:1::/48", fingerprint.NetworkOf(IPAddress.Parse("2001:db8:1:2::1")));
    }

    /// <summary>Posts JSON reports in parallel; each answer's outcome, or its status code when refused.</summary>
    private static async Task<List<string>> PostManyAsync(TestSite site, int count, Action<HttpRequestMessage, int> shape)
    {
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/status/openai/reports") { Content = JsonContent.Create(new { category = "api-errors" }) };
            shape(request, i);
            using var response = await site.Client.SendAsync(request, ct);
            outcomes.Add(response.StatusCode == HttpStatusCode.OK
                ? (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("outcome").GetString()!
                : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        return [.. outcomes];
    }
}
