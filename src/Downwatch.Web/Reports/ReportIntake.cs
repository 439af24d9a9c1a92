using System.Collections.Concurrent;
using System.Threading.Channels;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Reports;
using Downwatch.Storage;

namespace Downwatch.Web.Reports;

/// <summary>What happened to one submitted report.</summary>
public enum ReportOutcome
{
    /// <summary>Committed to storage (and in the live window).</summary>
    Stored,

    /// <summary>This reporter already has a counted vote for this service in this window; nothing stored.</summary>
    AlreadyCounted,
}

/// <summary>
/// Group-commit ingestion of community reports: submissions queue in a channel, one background writer commits them in
/// batches, and each submission completes only after the batch holding it is committed. One counted vote per
/// reporter, service and vote window is enforced here (and again by a unique index in storage, which survives restarts).
/// </summary>
public sealed class ReportIntake(IObservationStore store, TimeProvider time, ILogger<ReportIntake> log) : BackgroundService
{
    public const int MaxBatch = 1024;

    private readonly Channel<PendingReport> _queue = Channel.CreateBounded<PendingReport>(new BoundedChannelOptions(100_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly ConcurrentDictionary<(string Service, string Reporter, long Window), byte> _votes = new();
    private DateTimeOffset _lastTrim = DateTimeOffset.MinValue;

    /// <summary>Reports committed since start.</summary>
    public long Committed => Interlocked.Read(ref _committed);

    private long _committed;

    /// <summary>Queues a report and waits until it is durable (or counted already).</summary>
    public async Task<ReportOutcome> SubmitAsync(CommunityReport report, CancellationToken cancellationToken)
    {
        var key = VoteKey(report);
        if (!_votes.TryAdd(key, 0))
        {
            return ReportOutcome.AlreadyCounted;
        }

        var pending = new PendingReport(report, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken);
            await pending.Committed.Task.WaitAsync(cancellationToken);
            return ReportOutcome.Stored;
        }
        catch
        {
            _votes.TryRemove(key, out _);
            throw;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingReport>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                await CommitAsync(batch, stoppingToken);
                batch.Clear();
                TrimVotes();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            foreach (var pending in batch)
            {
                pending.Committed.TrySetCanceled(stoppingToken);
            }

            while (_queue.Reader.TryRead(out var left))
            {
                left.Committed.TrySetCanceled(stoppingToken);
            }
        }
    }

    private async Task CommitAsync(List<PendingReport> batch, CancellationToken cancellationToken)
    {
        try
        {
            await store.AppendReportsAsync(batch.ConvertAll(p => p.Report), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Could not store {Count} community reports; their senders are told so", batch.Count);
            foreach (var pending in batch)
            {
                pending.Committed.TrySetException(e);
            }

            return;
        }

        Interlocked.Add(ref _committed, batch.Count);
        foreach (var pending in batch)
        {
            pending.Committed.TrySetResult();
        }
    }

    private void TrimVotes()
    {
        var now = time.GetUtcNow();
        if (now - _lastTrim < TimeSpan.FromMinutes(1))
        {
            return;
        }

        _lastTrim = now;
        var oldest = ReportCategories.VoteWindowStart(now, ReportCategories.VoteWindow).UtcTicks;
        foreach (var key in _votes.Keys.Where(k => k.Window < oldest))
        {
            _votes.TryRemove(key, out _);
        }
    }

    private static (string, string, long) VoteKey(CommunityReport report) =>
        (report.Service, report.Reporter, ReportCategories.VoteWindowStart(report.At, ReportCategories.VoteWindow).UtcTicks);

    private sealed record PendingReport(CommunityReport Report, TaskCompletionSource Committed);
}
