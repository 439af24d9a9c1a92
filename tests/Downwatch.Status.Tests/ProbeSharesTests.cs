using Downwatch.Domain.Catalog;
using Downwatch.Probing;
using Downwatch.Status.Cluster;
using Downwatch.Storage.Cluster;
using FsCheck;
using FsCheck.Xunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Downwatch.TestSupport;

namespace Downwatch.Status.Tests;

/// <summary>Nodes at one location split its endpoints; a node that leaves or dies has its share taken by the others.</summary>
public sealed class ProbeSharesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("downwatch-shares").FullName;

    public void Dispose() => Directory.Delete(_directory, true);

    private static readonly string[] Keys = Enumerable.Range(0, 300).Select(i => $"svc-{i % 17}/api/GET https://{i}.example/v1/models").ToArray();

    [Property(MaxTest = 100)]
    public bool Every_endpoint_goes_to_exactly_one_member_and_a_member_leaving_moves_only_its_own(PositiveInt count, NonNegativeInt leaving)
    {
        var members = Enumerable.Range(0, Math.Min(count.Get, 7)).Select(i => $"node-{i}/{i * 7919:x}").ToList();
        var shares = members.ToDictionary(m => m, m => ProbeShares.Mine(Keys, k => k, m, members).ToHashSet());
        var everyKeyOnce = Keys.All(k => shares.Count(s => s.Value.Contains(k)) == 1);

        var gone = members[leaving.Get % members.Count];
        var rest = members.Where(m => m != gone).ToList();
        var kept = rest.All(m => shares[m].IsSubsetOf(ProbeShares.Mine(Keys, x => x, m, rest)));
        var alone = rest.Count > 0 || ProbeShares.Mine(Keys, k => k, gone, []).Count == Keys.Length;
        return everyKeyOnce && kept && alone;
    }

    [Fact]
    public void Shares_are_even_enough_that_no_node_carries_much_more_than_its_part()
    {
        string[] members = ["a/1", "b/2", "c/3"];
        var sizes = members.Select(m => ProbeShares.Mine(Keys, k => k, m, members).Count).ToList();
        Assert.All(sizes, s => Assert.InRange(s, 70, 130)); // 100 each on average
    }

    private static readonly ServiceCatalog Catalog = StatusCore.CatalogOf(
        [.. Enumerable.Range(0, 40).Select(i => new ProbeEndpoint { Url = $"https://api{i}.acme.example/v1/models", Expect = [401] })]);

    private StatusCore Node(string location) =>
        new(Path.Combine(_directory, "d.db"), new FakeTimeProvider(), services => services
            .AddSingleton(Catalog)
            .AddSingleton<IProbeAssignment, ProbeMembership>()
            .Configure<ProbingOptions>(o => o.Location = location),
            ("Cluster:LeaseTtl", "00:00:03"), ("Cluster:RenewEvery", "00:00:01"));

    [Fact]
    public async Task Nodes_at_one_location_split_its_endpoints_other_locations_probe_all_and_a_dead_nodes_share_is_taken_over()
    {
        using var a = Node("eu-west");
        using var b = Node("eu-west");
        using var c = Node("us-east");
        var (ma, mb, mc) = (a.Get<IProbeAssignment>(), b.Get<IProbeAssignment>(), c.Get<IProbeAssignment>());
        await ma.GetAsync(CancellationToken.None); // a says it is here; b sees both at its first look
        var ofB = await mb.GetAsync(CancellationToken.None);
        var all = ProbeTarget.All(Catalog).Select(t => t.Key).ToHashSet();

        // a hears of b at its next heartbeat (its background one, run here by hand).
        var membership = (ProbeMembership)ma;
        await membership.StartAsync(CancellationToken.None);
        Assert.True(await Eventually.ReachedAsync(async () => (await ma.GetAsync(CancellationToken.None)).Count < all.Count, TimeSpan.FromSeconds(30)));
        var ofA = await ma.GetAsync(CancellationToken.None);
        Assert.Empty(ofA.Select(t => t.Key).Intersect(ofB.Select(t => t.Key)));
        Assert.Equal(all, ofA.Concat(ofB).Select(t => t.Key).ToHashSet());
        Assert.Equal(all, (await mc.GetAsync(CancellationToken.None)).Select(t => t.Key).ToHashSet());

        // b dies without a word: once its heartbeat expires (3 s on the database's clock), a probes everything again.
        Assert.True(await Eventually.ReachedAsync(async () => (await ma.GetAsync(CancellationToken.None)).Count == all.Count, TimeSpan.FromSeconds(30)));
        await membership.StopAsync(CancellationToken.None);
    }
}
