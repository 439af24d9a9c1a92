using Downwatch.Feeds.Polling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Downwatch.TestSupport;

namespace Downwatch.Feeds.Tests.Polling;

public class OfficialStatusLoopTests
{
    [Fact]
    public async Task The_loop_reads_at_start_and_again_when_the_clock_reaches_the_interval()
    {
        await using var server = await FeedServer.StartAsync();
        await using var rig = SyncRig.Create(server.Url("/feed"));
        using var loop = new OfficialStatusLoop(rig.Sync, new Leading(true), Options.Create(new OfficialStatusOptions()), rig.Time, NullLogger<OfficialStatusLoop>.Instance);
        await loop.StartAsync(CancellationToken.None);
        await UntilAsync(() => rig.Sync.NextReadOf(server.Url("/feed")) is not null); // the first read is complete
        Assert.Single(server.Requests);
        rig.Time.Advance(TimeSpan.FromSeconds(30));
        rig.Time.Advance(TimeSpan.FromSeconds(30));
        await UntilAsync(() => rig.Sync.NextReadOf(server.Url("/feed")) == SyncRig.Start + TimeSpan.FromSeconds(120));
        await loop.StopAsync(CancellationToken.None);
        Assert.Equal(2, server.Requests.Count);
        Assert.NotNull(server.Requests.Last().IfNoneMatch);
    }

    [Fact]
    public async Task A_node_that_does_not_lead_reads_nothing_until_it_leads()
    {
        await using var server = await FeedServer.StartAsync();
        await using var rig = SyncRig.Create(server.Url("/feed"));
        var leading = new Leading(false);
        using var loop = new OfficialStatusLoop(rig.Sync, leading, Options.Create(new OfficialStatusOptions()), rig.Time,
            NullLogger<OfficialStatusLoop>.Instance);
        await loop.StartAsync(CancellationToken.None);
        for (var tick = 0; tick < 5; tick++)
        {
            rig.Time.Advance(TimeSpan.FromSeconds(30));
        }

        leading.IsLeader = true;
        rig.Time.Advance(TimeSpan.FromSeconds(30));
        await UntilAsync(() => rig.Sync.NextReadOf(server.Url("/feed")) is not null);
        await loop.StopAsync(CancellationToken.None);
        Assert.Single(server.Requests); // the first read came once it led, none before
    }

    private sealed class Leading(bool leader) : Storage.Cluster.ILeadership
    {
        public bool IsLeader { get; set; } = leader;

        public long Term => 1;

        public Task<bool> RenewAsync(CancellationToken cancellationToken) => Task.FromResult(IsLeader);
    }

    [Fact]
    public async Task A_switched_off_loop_reads_nothing()
    {
        await using var server = await FeedServer.StartAsync();
        await using var rig = SyncRig.Create(server.Url("/feed"));
        using var loop = new OfficialStatusLoop(rig.Sync, new Leading(true), Options.Create(new OfficialStatusOptions { Enabled = false }), rig.Time,
            NullLogger<OfficialStatusLoop>.Instance);
        await loop.StartAsync(CancellationToken.None);
        await loop.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData(0, 60)]
    [InlineData(1, 120)]
    [InlineData(3, 480)]
    [InlineData(6, 1800)]
    [InlineData(40, 1800)]
    public void Backoff_doubles_per_failure_up_to_the_cap(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), FeedBackoff.Delay(TimeSpan.FromSeconds(60), failures, TimeSpan.FromMinutes(30)));

    [Fact]
    public void A_feed_shared_by_services_is_read_at_the_shortest_of_their_intervals()
    {
        var options = new OfficialStatusOptions { Intervals = { ["claude"] = TimeSpan.FromMinutes(5), ["anthropic"] = TimeSpan.FromSeconds(30) } };
        Assert.Equal(TimeSpan.FromSeconds(30), options.IntervalFor(["anthropic", "claude"]));
        Assert.Equal(TimeSpan.FromMinutes(5), options.IntervalFor(["claude"]));
        Assert.Equal(TimeSpan.FromSeconds(60), options.IntervalFor(["openai"]));
    }

    /// <summary>Waits for something the server sees, bounded in count and time; asserts nothing about how long it took.</summary>
    private static Task UntilAsync(Func<bool> condition) => Eventually.TrueAsync(condition, "the loop's read");
}
