using System.Collections.Concurrent;

namespace Downwatch.Probing.Scheduling;

/// <summary>What the scheduler did: probes run, slots missed per target, and how late probes started.</summary>
public sealed class SchedulerStats
{
    private readonly ConcurrentDictionary<string, long> _missed = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly List<double> _latenessMs = [];
    private long _started;
    private long _retries;

    public long Started => Interlocked.Read(ref _started);
    public long Retries => Interlocked.Read(ref _retries);
    public long Missed => _missed.Values.Sum();

    /// <summary>Slots missed per target key: a target whose previous probe was still running when its slot came.</summary>
    public IReadOnlyDictionary<string, long> MissedByTarget => _missed;

    public void RecordStart(TimeSpan lateness)
    {
        Interlocked.Increment(ref _started);
        lock (_gate)
        {
            if (_latenessMs.Count < 1_000_000)
            {
                _latenessMs.Add(lateness.TotalMilliseconds);
            }
        }
    }

    public void RecordRetry() => Interlocked.Increment(ref _retries);

    public void RecordMissed(string target) => _missed.AddOrUpdate(target, 1, (_, n) => n + 1);

    /// <summary>Start lateness (scheduled slot to actual start) at a percentile, in ms.</summary>
    public double LatenessPercentile(double p)
    {
        double[] sorted;
        lock (_gate)
        {
            sorted = [.. _latenessMs];
        }

        if (sorted.Length == 0)
        {
            return 0;
        }

        Array.Sort(sorted);
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
