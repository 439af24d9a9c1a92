using Downwatch.Domain.Observations;
using Downwatch.TestSupport;

namespace Downwatch.Feeds.Tests.Polling;

/// <summary>Polling against a real Kestrel server on 127.0.0.1; time comes from a fake clock, never from waiting.</summary>
public class OfficialStatusSyncTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_feed_is_read_then_confirmed_by_304_with_its_etag_and_each_read_writes_fresh_observations()
    {
        await using var server = await FeedServer.StartAsync();
        await using var rig = SyncRig.Create(server.Url("/feed"));
        Assert.Equal(1, await rig.Sync.RunDueAsync(CancellationToken.None).WaitAsync(Bound));
        Assert.Equal(0, await rig.Sync.RunDueAsync(CancellationToken.None).WaitAsync(Bound));
        rig.Time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, await rig.Sync.RunDueAsync(CancellationToken.None).WaitAsync(Bound));

        var requests = server.Requests.ToList();
        Assert.Equal(2, requests.Count);
        Assert.Null(requests[0].IfNoneMatch);
        Assert.NotNull(requests[1].IfNoneMatch);
        var state = await rig.States.GetAsync(server.Url("/feed"));
        Assert.Equal(SyncRig.Start + TimeSpan.FromSeconds(60), state!.LastReadAt);
        Assert.Equal("All Systems Operational", state.Summary);
        var official = (await rig.Observations.ReadAsync(SyncRig.Start - TimeSpan.FromMinutes(1), rig.Time.GetUtcNow())).Official;
        Assert.Equal(4, official.Count);
        Assert.All(official, o => Assert.Equal(VendorStatus.Operational, o.Status));
        Assert.Equal(["api", "console"], official.Where(o => o.At == rig.Time.GetUtcNow()).Select(o => o.Component));
    }

    [Fact]
    public async Task A_500_backs_off_doubling_and_keeps_the_last_good_read()
    {
        await using var server = await FeedServer.StartAsync();
        await using var rig = SyncRig.Create(server.Url("/feed"));
        var good = await rig.Sync.PollAsync(rig.Source, CancellationToken.None).WaitAsync(Bound);
        server.Next = "500";
        var failed = await rig.Sync.PollAsync(rig.Source, CancellationToken.None).WaitAsync(Bound);
        Assert.Equal(1, failed.Failures);
        Assert.Contains("HTTP 500", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(good.Body, failed.Body);
        Assert.Equal(good.ETag, failed.ETag);
        Assert.Equal(good.LastReadAt, failed.LastReadAt);
        Assert.Equal(rig.Time.GetUtcNow() + TimeSpan.FromSeconds(120), rig.Sync.NextReadOf(server.Url("/feed")));
        Assert.Equal(3, server.Requests.Count); // one good read, then the failing one and its single retry

        var again = await rig.Sync.PollAsync(rig.Source, CancellationToken.None).WaitAsync(Bound);
        Assert.Equal(2, again.Failures);
        Assert.Equal(rig.Time.GetUtcNow() + TimeSpan.FromSeconds(240), rig.Sync.NextReadOf(server.Url("/feed")));
        Assert.Equal(2, (await rig.Observations.ReadAsync(SyncRig.Start - TimeSpan.FromMinutes(1), rig.Time.GetUtcNow())).Official.Count);
    }

    [Fact]
    public async Task An_html_page_instead_of_json_is_a_clear_error_and_writes_no_observation()
    {
        await using var server = await FeedServer.StartAsync();
        await using var rig = SyncRig.Create(server.Url("/feed"));
        server.Next = "html";
        var state = await rig.Sync.PollAsync(rig.Source, CancellationToken.None).WaitAsync(Bound);
        Assert.Contains("HTML page", state.LastError, StringComparison.Ordinal);
        Assert.Null(state.LastReadAt);
        Assert.Empty((await rig.Observations.ReadAsync(SyncRig.Start - TimeSpan.FromMinutes(1), rig.Time.GetUtcNow())).Official);
    }

    [Fact]
    public async Task A_ten_megabyte_body_is_refused_at_the_limit()
    {
        await using var server = await FeedServer.StartAsync();
        await using var rig = SyncRig.Create(server.Url("/huge"));
        var state = await rig.Sync.PollAsync(rig.Source, CancellationToken.None).WaitAsync(Bound);
        Assert.Contains("over the limit of 8,388,608 bytes", state.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_never_ends_times_out_on_the_injected_clock()
    {
        await using var server = await FeedServer.StartAsync();
        await using var rig = SyncRig.Create(server.Url("/slow"));
        var poll = rig.Sync.PollAsync(rig.Source, CancellationToken.None);
        await server.SlowStarted.Task.WaitAsync(Bound);
        rig.Time.Advance(TimeSpan.FromSeconds(15));
        var state = await poll.WaitAsync(Bound);
        Assert.Contains("no complete answer within 15 s", state.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vendor_incident_is_stored_and_closed_once_the_summary_no_longer_lists_it()
    {
        await using var server = await FeedServer.StartAsync();
        await using var rig = SyncRig.Create(server.Url("/feed"));
        server.Next = "statuspage-v2-summary__claude-console-degraded.json";
        await rig.Sync.PollAsync(rig.Source, CancellationToken.None).WaitAsync(Bound);
        var open = Assert.Single(await rig.Incidents.ListAsync("anthropic", SyncRig.Start - TimeSpan.FromDays(7)));
        Assert.True(open.IsOpen);
        Assert.Equal(["console"], open.Components);
        var console = (await rig.Observations.ReadAsync(SyncRig.Start - TimeSpan.FromMinutes(1), rig.Time.GetUtcNow())).Official.Single(o => o.Component == "console");
        Assert.Equal(VendorStatus.DegradedPerformance, console.Status);

        rig.Time.Advance(TimeSpan.FromMinutes(5));
        server.Next = "statuspage-v2-summary__claude-operational.json";
        await rig.Sync.PollAsync(rig.Source, CancellationToken.None).WaitAsync(Bound);
        var closed = Assert.Single(await rig.Incidents.ListAsync("anthropic", SyncRig.Start - TimeSpan.FromDays(7)));
        Assert.False(closed.IsOpen);
        Assert.Equal(rig.Time.GetUtcNow(), closed.ResolvedAt);
    }
}
