using System.Collections.Concurrent;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Reports;
using Downwatch.Storage;

namespace Downwatch.Web.Reports;

/// <summary>What happened to one submitted report.</summary>
internal enum ReportOutcome
{
    /// <summary>Committed to storage (and in the live window).</summary>
    Stored,

    /// <summary>This reporter already has a counted vote for this service in this window; nothing stored.</summary>
    AlreadyCounted,

    /// <summary>The writer is <see cref="ReportIntake.Capacity"/> reports behind; nothing stored, the sender may retry.</summary>
    Busy,

    /// <summary>Storage refused the commit (database unreachable, disk full, …); nothing stored, the sender may retry.</summary>
    Unavailable,
}

/// <summary>
/// Group-commit ingestion of community reports: submissions queue up, one writer commits them in batches,
/// and each submission completes only after the batch holding it is committed. One counted vote per reporter, service
/// and vote window is enforced here (and again by a unique index in storage, which survives restarts).
/// </summary>
/// <remarks>
/// The writer is a dedicated thread, not a thread-pool task: while pages keep the pool busy, a commit does not wait in
/// the pool's queue behind page renders, and the submissions of a committed batch are answered on that thread right
/// away (their continuations run inline when the batch completes) instead of queueing again. The store's calls are
/// synchronous underneath for SQLite, so blocking this one thread on them costs nothing else.
/// </remarks>
internal sealed partial class ReportIntake(IObservationStore store, TimeProvider time, ILogger<ReportIntake> log) : BackgroundService
{
    public const int MaxBatch = 1024;

    /// <summary>Reports waiting for the writer at most; beyond that a submission is answered <see cref="ReportOutcome.Busy"/>.</summary>
    public const int Capacity = 100_000;

    // Lock-free on the submitting side: a queue, a counter for the bound and an event that wakes the writer.
    private readonly ConcurrentQueue<PendingReport> _queue = new();
    private readonly ManualResetEventSlim _arrived = new(false);
    private int _queued;

    private readonly ConcurrentDictionary<(string Service, string Reporter, long Window), byte> _votes =
        new(concurrencyLevel: 64, capacity: 4096);
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

        if (Interlocked.Increment(ref _queued) > Capacity)
        {
            Interlocked.Decrement(ref _queued);
            _votes.TryRemove(key, out _);
            return ReportOutcome.Busy;
        }

        // Continuations run on the writer thread as soon as the batch is committed (see the remarks).
        var pending = new PendingReport(report, new TaskCompletionSource());
        try
        {
            _queue.Enqueue(pending);
            _arrived.Set();
            await pending.Committed.Task.WaitAsync(cancellationToken);
            return ReportOutcome.Stored;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Never acknowledged, so never lost: the vote is free again and the sender is told to retry.
            _votes.TryRemove(key, out _);
            return ReportOutcome.Unavailable;
        }
        catch
        {
            _votes.TryRemove(key, out _);
            throw;
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = new Thread(() =>
        {
            try
            {
                Run(stoppingToken);
                finished.TrySetResult();
            }
            catch (Exception e)
            {
                finished.TrySetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "report writer",
        };
        writer.Start();
        return finished.Task;
    }

    private void Run(CancellationToken stoppingToken)
    {
        var batch = new List<PendingReport>(MaxBatch);
        while (!stoppingToken.IsCancellationRequested)
        {
            _arrived.Reset();
            while (batch.Count < MaxBatch && _queue.TryDequeue(out var next))
            {
                batch.Add(next);
            }

            Interlocked.Add(ref _queued, -batch.Count);
            if (batch.Count == 0)
            {
                try
                {
                    _arrived.Wait(stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                continue;
            }

            Commit(batch, stoppingToken);
            batch.Clear();
            TrimVotes();
        }

        foreach (var pending in batch)
        {
            pending.Committed.TrySetCanceled(stoppingToken);
        }

        while (_queue.TryDequeue(out var left))
        {
            left.Committed.TrySetCanceled(stoppingToken);
        }
    }

    private void Commit(List<PendingReport> batch, CancellationToken cancellationToken)
    {
        try
        {
            store.AppendReportsAsync(batch.ConvertAll(p => p.Report), cancellationToken).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            if (e is not OperationCanceledException)
            {
                LogStoreFailed(log, batch.Count, e);
            }

            foreach (var pending in batch)
            {
                pending.Committed.TrySetException(e);
            }

            batch.Clear();
            return;
        }

        Interlocked.Add(ref _committed, batch.Count);
        foreach (var pending in batch)
        {
            pending.Committed.TrySetResult();
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        _arrived.Dispose();
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not store {Count} community reports; their senders are told so")]
    private static partial void LogStoreFailed(ILogger logger, int count, Exception exception);
}
