using Downwatch.Domain.Observations;
using Downwatch.Storage;
using Downwatch.Web.Reports;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Downwatch.Web.Tests.Reports;

/// <summary>The group-commit writer answers a submission only after the batch holding it is committed.</summary>
public class ReportIntakeTests
{
    private static CommunityReport Report(string reporter) => new("openai", TestSite.Start, reporter, "slow");

    [Fact]
    public async Task A_submission_completes_only_after_its_batch_is_committed()
    {
        var store = new GatedStore();
        var intake = new ReportIntake(store, new FakeTimeProvider(TestSite.Start), NullLogger<ReportIntake>.Instance);
        await intake.StartAsync(CancellationToken.None);
        var first = intake.SubmitAsync(Report("a"), CancellationToken.None);
        await store.Entered.Task; // the writer is inside the commit
        var second = intake.SubmitAsync(Report("b"), CancellationToken.None);
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);

        store.Release();
        Assert.Equal(ReportOutcome.Stored, await first);
        Assert.Equal(ReportOutcome.Stored, await second);
        Assert.Equal(["a", "b"], store.Committed.Select(r => r.Reporter));
        Assert.Equal(ReportOutcome.AlreadyCounted, await intake.SubmitAsync(Report("a") with { Category = "login" }, CancellationToken.None));
        await intake.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_failed_commit_fails_the_submission_and_the_vote_can_be_sent_again()
    {
        var store = new GatedStore { FailNext = true };
        store.Release();
        var intake = new ReportIntake(store, new FakeTimeProvider(TestSite.Start), NullLogger<ReportIntake>.Instance);
        await intake.StartAsync(CancellationToken.None);
        Assert.Equal(ReportOutcome.Unavailable, await intake.SubmitAsync(Report("a"), CancellationToken.None));
        Assert.Empty(store.Committed);
        Assert.Equal(ReportOutcome.Stored, await intake.SubmitAsync(Report("a"), CancellationToken.None));
        Assert.Single(store.Committed);
        await intake.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task With_the_writer_capacity_behind_new_submissions_are_told_busy_and_may_send_again()
    {
        var store = new GatedStore();
        var intake = new ReportIntake(store, new FakeTimeProvider(TestSite.Start), NullLogger<ReportIntake>.Instance);
        await intake.StartAsync(CancellationToken.None);
        var first = intake.SubmitAsync(Report("first"), CancellationToken.None);
        await store.Entered.Task; // the writer holds the first report in a commit; the rest queue behind it

        var waiting = Enumerable.Range(0, ReportIntake.Capacity + 1_000).Select(i => intake.SubmitAsync(Report($"r{i}"), CancellationToken.None)).ToList();
        var busy = waiting.Where(t => t.IsCompletedSuccessfully && t.Result == ReportOutcome.Busy).ToHashSet();
        Assert.Equal(1_000, busy.Count);
        Assert.Equal(ReportIntake.Capacity, waiting.Count(t => !t.IsCompleted));

        store.Release();
        Assert.Equal(ReportOutcome.Stored, await first);
        Assert.All(await Task.WhenAll(waiting.Where(t => !busy.Contains(t))), o => Assert.Equal(ReportOutcome.Stored, o));
        Assert.Equal(ReportOutcome.Stored, await intake.SubmitAsync(Report($"r{ReportIntake.Capacity + 999}"), CancellationToken.None)); // its vote was freed
        await intake.StopAsync(CancellationToken.None);
    }

    private sealed class GatedStore : IObservationStore
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<CommunityReport> Committed { get; } = [];

        public bool FailNext { get; set; }

        public void Release() => _gate.TrySetResult();

        public async Task AppendAsync(SignalSet observations, CancellationToken cancellationToken = default)
        {
            Entered.TrySetResult();
            await _gate.Task;
            if (FailNext)
            {
                FailNext = false;
                throw new IOException("disk full");
            }

            Committed.AddRange(observations.Reports);
        }

        public Task<SignalSet> ReadAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default) =>
            Task.FromResult(SignalSet.Empty);

        public Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken = default) => Task.FromResult(0);

        public Task<int> PackAsync(DateTimeOffset hour, CancellationToken cancellationToken = default) => Task.FromResult(0);

        public Task<DateTimeOffset?> OldestProbeAsync(CancellationToken cancellationToken = default) => Task.FromResult<DateTimeOffset?>(null);

        public Task<IReadOnlyList<CommunityReport>> ReadReportsAsync(DateTimeOffset since, DateTimeOffset until,
            CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<CommunityReport>>(Committed);
    }
}
