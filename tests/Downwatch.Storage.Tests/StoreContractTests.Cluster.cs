using Downwatch.Storage.Cluster;
using Downwatch.Storage.Sql;
using Downwatch.TestSupport;

namespace Downwatch.Storage.Tests;

/// <summary>The contract for the leader lease and the rounds the leader publishes.</summary>
public abstract partial class StoreContractTests
{
    private static async Task<long?> AcquireWhenExpiredAsync(SqlLeaseStore leases, string holder, TimeSpan ttl)
    {
        // The lease expires on the database's clock; look again (bounded) until it lets the other holder in.
        long? term = null;
        await Eventually.ReachedAsync(async () => (term = await leases.TryAcquireAsync("leader", holder, ttl)) is not null, TimeSpan.FromSeconds(10));
        return term;
    }

    [ContractFact]
    public async Task One_holder_at_a_time_a_new_holder_gets_a_new_term_and_a_release_hands_over_at_once()
    {
        var leases = new SqlLeaseStore(_connections);
        var ttl = TimeSpan.FromMilliseconds(400);
        Assert.Equal(1, await leases.TryAcquireAsync("leader", "a", ttl));
        Assert.Null(await leases.TryAcquireAsync("leader", "b", ttl));
        Assert.Equal(1, await leases.TryAcquireAsync("leader", "a", ttl)); // renewed, same term

        // a stops renewing (dead or paused): b takes over after expiry with the next term, and a cannot renew.
        Assert.Equal(2, await AcquireWhenExpiredAsync(leases, "b", ttl));
        Assert.Null(await leases.TryAcquireAsync("leader", "a", TimeSpan.FromSeconds(30)));

        await leases.ReleaseAsync("leader", "a"); // not a's to release: nothing happens
        Assert.Null(await leases.TryAcquireAsync("leader", "a", TimeSpan.FromSeconds(30)));
        await leases.ReleaseAsync("leader", "b");
        Assert.Equal(3, await leases.TryAcquireAsync("leader", "a", TimeSpan.FromSeconds(30)));
    }

    [ContractFact]
    public async Task Only_the_current_term_publishes_rounds_and_followers_read_them_in_order()
    {
        var leases = new SqlLeaseStore(_connections);
        var rounds = new SqlStatusRoundStore(_connections);
        var ttl = TimeSpan.FromMilliseconds(400);
        Assert.Empty(await rounds.ReadAfterAsync(null, 10));
        var first = await leases.TryAcquireAsync("leader", "a", ttl);
        var one = await rounds.PublishAsync("leader", first!.Value, Now, "one");
        var two = await rounds.PublishAsync("leader", first.Value, Now.AddSeconds(30), "two");
        Assert.NotNull(one);
        Assert.True(two > one);

        var second = await AcquireWhenExpiredAsync(leases, "b", TimeSpan.FromSeconds(30));
        Assert.Null(await rounds.PublishAsync("leader", first.Value, Now.AddSeconds(60), "stale leader")); // fenced
        var three = await rounds.PublishAsync("leader", second!.Value, Now.AddSeconds(60), "three");

        Assert.Equal(["three"], (await rounds.ReadAfterAsync(null, 10)).Select(r => r.Payload));
        Assert.Equal(["two", "three"], (await rounds.ReadAfterAsync(one, 10)).Select(r => r.Payload));
        Assert.Equal(second, (await rounds.ReadAfterAsync(two, 10)).Single().Term);
        Assert.Equal(1, await rounds.PruneAsync(2));
        Assert.Equal(["two", "three"], (await rounds.ReadAfterAsync(0, 10)).Select(r => r.Payload));
        Assert.NotNull(three);
    }

    [ContractFact]
    public async Task Probe_members_are_listed_per_location_until_their_word_expires_or_they_leave()
    {
        var members = new SqlProbeMemberStore(_connections);
        Assert.Equal(["a/1"], await members.HeartbeatAsync("a/1", "eu-west", TimeSpan.FromMinutes(1)));
        Assert.Equal(["c/3"], await members.HeartbeatAsync("c/3", "us-east", TimeSpan.FromMinutes(1)));
        Assert.Equal(["a/1", "b/2"], await members.HeartbeatAsync("b/2", "eu-west", TimeSpan.FromMinutes(1)));
        Assert.Equal(["a/1", "b/2"], await members.HeartbeatAsync("a/1", "eu-west", TimeSpan.FromMinutes(1)));

        await members.HeartbeatAsync("b/2", "eu-west", TimeSpan.FromMilliseconds(-1)); // its word has run out
        Assert.Equal(["a/1"], await members.HeartbeatAsync("a/1", "eu-west", TimeSpan.FromMinutes(1)));
        await members.LeaveAsync("c/3");
        Assert.Equal(["d/4"], await members.HeartbeatAsync("d/4", "us-east", TimeSpan.FromMinutes(1)));
    }
}
