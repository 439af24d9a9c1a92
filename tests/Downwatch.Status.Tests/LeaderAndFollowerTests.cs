using Downwatch.Domain.Observations;
using Downwatch.Domain.Status;
using Downwatch.Storage;
using Downwatch.Storage.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Downwatch.TestSupport;

namespace Downwatch.Status.Tests;

/// <summary>Two nodes on one database: one leads the rounds, the other shows what the leader published, and a former leader is fenced off.</summary>
public sealed class LeaderAndFollowerTests : IDisposable
{
    private static readonly string[] Locations = ["eu-west", "us-east", "ap-south"];
    private static readonly (string, string)[] ShortLease = [("Cluster:LeaseTtl", "00:00:03"), ("Cluster:RenewEvery", "00:00:01")];
    private readonly string _directory = Directory.CreateTempSubdirectory("downwatch-cluster").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 10, 30, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_directory, true);

    private StatusCore Node(RecordingListener listener) =>
        new(Path.Combine(_directory, "d.db"), _time, services => services
            .AddSingleton<IStatusChangeListener>(listener)
            .AddSingleton<IStatusChangeListener>(new RecordingListener(leaderOnly: true))
            .AddSingleton(listener), ShortLease);

    private async Task ObserveAsync(StatusCore node, ProbeOutcome outcome)
    {
        var now = _time.GetUtcNow();
        await node.Get<IObservationStore>().AppendAsync(new SignalSet(
            Locations.SelectMany(l => new[] { StatusCore.Probe(l, now.AddMinutes(-4), 150, outcome), StatusCore.Probe(l, now.AddMinutes(-1), 150, outcome) }).ToList(),
            [], [], []));
        await node.Get<AssessmentCycle>().WarmAsync(CancellationToken.None);
    }

    private static Task<bool> EventuallyAsync(Func<Task<bool>> condition) => Eventually.ReachedAsync(condition, TimeSpan.FromSeconds(30));

    /// <summary>A leader's round, right after renewing its lease as its background renewal would (none runs in this test).</summary>
    private static async Task<bool> LeadRoundAsync(StatusCore node, TimeSpan elapsed)
    {
        Assert.True(await node.Get<ILeadership>().RenewAsync(CancellationToken.None));
        return await node.Get<AssessmentCycle>().RunAsync(elapsed, CancellationToken.None);
    }

    [Fact]
    public async Task The_follower_shows_the_leaders_rounds_and_a_leader_that_lost_its_lease_publishes_nothing()
    {
        var leaderHeard = new RecordingListener(leaderOnly: false);
        var followerHeard = new RecordingListener(leaderOnly: false);
        using var a = Node(leaderHeard);
        using var b = Node(followerHeard);
        Assert.True(await a.Get<ILeadership>().RenewAsync(CancellationToken.None));
        Assert.False(await b.Get<ILeadership>().RenewAsync(CancellationToken.None));

        // Round 1 (healthy) and round 2 (down everywhere) on the leader; the follower takes both, in order.
        await ObserveAsync(a, ProbeOutcome.Up);
        Assert.True(await LeadRoundAsync(a, TimeSpan.FromMinutes(1)));
        Assert.Equal(1, await b.Get<AssessmentCycle>().FollowAsync(CancellationToken.None));
        Assert.Equal(ServiceStatus.Operational, b.Get<StatusBoard>().Get("acme").Status);

        _time.Advance(TimeSpan.FromMinutes(5));
        await ObserveAsync(a, ProbeOutcome.Down);
        Assert.True(await LeadRoundAsync(a, TimeSpan.FromMinutes(5)));
        Assert.Equal(1, await b.Get<AssessmentCycle>().FollowAsync(CancellationToken.None));
        var onLeader = a.Get<StatusBoard>().Get("acme");
        var onFollower = b.Get<StatusBoard>().Get("acme");
        Assert.Equal(ServiceStatus.MajorOutage, onFollower.Status);
        Assert.Equal(onLeader.Evidence, onFollower.Evidence);
        Assert.Equal(onLeader.Components[0].Evidence, onFollower.Components[0].Evidence);

        // Caches and live streams hear the change on both nodes; notification queueing only on the leader.
        Assert.Contains(followerHeard.Rounds, r => r.Statuses.Any(s => s.After == ServiceStatus.MajorOutage));
        Assert.Empty(b.Get<IEnumerable<IStatusChangeListener>>().OfType<RecordingListener>().Single(l => l.LeaderOnly).Rounds);
        Assert.NotEmpty(a.Get<IEnumerable<IStatusChangeListener>>().OfType<RecordingListener>().Single(l => l.LeaderOnly).Rounds);
        var incidents = await b.Get<IIncidentStore>().OpenAsync();
        Assert.Single(incidents);

        // a stops renewing (dead or paused): b takes over once the lease has expired on the database's clock.
        Assert.True(await EventuallyAsync(() => b.Get<ILeadership>().RenewAsync(CancellationToken.None)));
        Assert.True(await EventuallyAsync(() => Task.FromResult(!a.Get<ILeadership>().IsLeader)));
        Assert.True(b.Get<ILeadership>().Term > a.Get<ILeadership>().Term);

        // a wakes up and runs a round as if it still led: fenced, nothing published or stored. (Late enough for the
        // failures to have left the rate window: two good answers after two failures are a 50 % failure rate.)
        _time.Advance(TimeSpan.FromMinutes(15));
        await ObserveAsync(a, ProbeOutcome.Up);
        Assert.False(await a.Get<AssessmentCycle>().RunAsync(TimeSpan.FromMinutes(5), CancellationToken.None));
        Assert.Equal(ServiceStatus.MajorOutage, a.Get<StatusBoard>().Get("acme").Status);
        Assert.Single(await b.Get<IIncidentStore>().OpenAsync());

        // b, now leading, starts from every node's observations in storage and publishes its own rounds.
        await b.Get<AssessmentCycle>().WarmAsync(CancellationToken.None);
        Assert.True(await LeadRoundAsync(b, TimeSpan.FromMinutes(5)));
        Assert.Equal(ServiceStatus.Operational, b.Get<StatusBoard>().Get("acme").Status);
        Assert.Equal(1, await a.Get<AssessmentCycle>().FollowAsync(CancellationToken.None));
        Assert.Equal(ServiceStatus.Operational, a.Get<StatusBoard>().Get("acme").Status);
    }

    [Fact]
    public async Task A_follower_reads_an_announced_round_at_once_without_waiting_for_its_next_look()
    {
        (string, string)[] settings = [("Cluster:LeaseTtl", "00:01:00"), ("Cluster:RenewEvery", "00:00:10"),
            ("Status:FollowEvery", "00:10:00"), ("Status:EvaluationInterval", "00:10:00")];
        var announcements = new ManualAnnouncements();
        using var a = new StatusCore(Path.Combine(_directory, "d.db"), _time, settings);
        using var b = new StatusCore(Path.Combine(_directory, "d.db"), _time, services => services.AddSingleton<IRoundAnnouncements>(announcements), settings);
        Assert.True(await a.Get<ILeadership>().RenewAsync(CancellationToken.None));
        var follower = b.Get<IEnumerable<Microsoft.Extensions.Hosting.IHostedService>>().OfType<AssessmentLoop>().Single();
        await follower.StartAsync(CancellationToken.None);
        await follower.FirstRound.WaitAsync(TimeSpan.FromSeconds(30));

        // The fake clock stands still, so the follower's own next look (in 10 min) never comes: only the announcement wakes it.
        await ObserveAsync(a, ProbeOutcome.Down);
        Assert.True(await LeadRoundAsync(a, TimeSpan.FromMinutes(1)));
        Assert.NotEqual(ServiceStatus.MajorOutage, b.Get<StatusBoard>().Get("acme").Status);
        announcements.Announce(1);
        Assert.True(await EventuallyAsync(() => Task.FromResult(b.Get<StatusBoard>().Get("acme").Status == ServiceStatus.MajorOutage)));
        Assert.False(b.Get<ILeadership>().IsLeader);
        await follower.StopAsync(CancellationToken.None);
    }

    private sealed class ManualAnnouncements : IRoundAnnouncements
    {
        private TaskCompletionSource<long> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<long> NextAsync(CancellationToken cancellationToken) => Volatile.Read(ref _next).Task.WaitAsync(cancellationToken);

        public void Announce(long round) =>
            Interlocked.Exchange(ref _next, new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(round);
    }

    private sealed class RecordingListener(bool leaderOnly) : IStatusChangeListener
    {
        public List<RoundChanges> Rounds { get; } = [];

        public bool LeaderOnly => leaderOnly;

        public ValueTask OnChangesAsync(RoundChanges changes, CancellationToken cancellationToken)
        {
            Rounds.Add(changes);
            return ValueTask.CompletedTask;
        }
    }
}
