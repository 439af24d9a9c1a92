using System.Collections.Concurrent;

namespace Downwatch.Storage.Faults;

/// <summary>
/// What /readyz reports beyond "the database answers": whether the last write succeeded, and which background loops
/// are failing (each one says when it fails and when it works again). One per process.
/// </summary>
public sealed class RunningHealth(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Fault> _loops = new(StringComparer.Ordinal);
    private volatile Fault? _lastWrite;

    /// <summary>Why the last write failed, or null when it succeeded (or none was made yet).</summary>
    public Fault? LastWrite => _lastWrite;

    /// <summary>Failing loops by name, each with its latest failure.</summary>
    public IReadOnlyDictionary<string, Fault> FailingLoops => _loops;

    public void WriteSucceeded() => _lastWrite = null;

    public void WriteFailed(Exception e) => _lastWrite = new Fault(Describe(e), time.GetUtcNow(), 1);

    public void LoopSucceeded(string loop) => _loops.TryRemove(loop, out _);

    /// <returns>How many times in a row the loop has now failed.</returns>
    public int LoopFailed(string loop, Exception e) =>
        _loops.AddOrUpdate(loop, _ => new Fault(Describe(e), time.GetUtcNow(), 1),
            (_, before) => new Fault(Describe(e), time.GetUtcNow(), before.Times + 1)).Times;

    /// <summary>Waiting time before the next try after <paramref name="failures"/> failures in a row: doubling from
    /// <paramref name="first"/>, at most <paramref name="max"/>.</summary>
    public static TimeSpan Backoff(int failures, TimeSpan first, TimeSpan max) =>
        failures <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(max.Ticks, first.Ticks * (1L << Math.Min(failures - 1, 30))));

    /// <summary>One line a person can act on: the innermost message, without stack or connection details.</summary>
    private static string Describe(Exception e)
    {
        var message = e is DatabaseFileReplacedException ? e.Message : (e.InnerException is { } inner && e is AggregateException ? inner : e).Message;
        message = message.ReplaceLineEndings(" ");
        return message.Length <= 300 ? message : message[..300] + "…";
    }
}

/// <summary>A failure: what it said, when it last happened, and how many times in a row.</summary>
public sealed record Fault(string Message, DateTimeOffset At, int Times);
