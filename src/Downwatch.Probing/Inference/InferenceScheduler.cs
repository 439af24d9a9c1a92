using Downwatch.Domain.Inference;
using Downwatch.Probing.Scheduling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Downwatch.Probing.Inference;

/// <summary>
/// Asks every assigned model at its interval from a stable phase, within each key's budget: the interval of a key's
/// models is stretched so a day of probes fits the key's daily requests and tokens, and every probe first reserves its
/// request and estimated tokens in the shared budget — when that is refused the probe is not sent. Probes never retry
/// (each costs money); a slot that comes while the previous probe of the target still runs is counted as missed.
/// </summary>
internal sealed partial class InferenceScheduler(
    IInferenceAssignment assignment,
    IInferenceBudget budget,
    InferenceProbe probe,
    IProbeResultSink sink,
    InferenceStats stats,
    IOptions<InferenceProbeOptions> options,
    IOptions<ProbingOptions> probing,
    TimeProvider time,
    ILogger<InferenceScheduler> logger) : BackgroundService
{
    /// <summary>Targets with a probe in flight, by key (a slot replaced by a reload keeps its target's state).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _running = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled || !probing.Value.Enabled)
        {
            return;
        }

        var location = probing.Value.Location;
        var concurrency = new SemaphoreSlim(o.MaxConcurrency);
        var queue = new PriorityQueue<Slot, DateTimeOffset>();
        var slots = new Dictionary<string, Slot>(StringComparer.Ordinal);
        var reloadAt = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Slots that are due run before a reload, so a reload in the same wake never skips them.
            var now = time.GetUtcNow();
            while (queue.TryPeek(out var slot, out var due) && due <= now)
            {
                queue.Dequeue();
                if (!slots.TryGetValue(slot.Key, out var current) || current != slot)
                {
                    continue; // no longer assigned, or replaced by a reload
                }

                if (!_running.TryAdd(slot.Key, 0))
                {
                    stats.RecordMissed();
                }
                else
                {
                    _ = RunAsync(slot, location, concurrency, stoppingToken);
                }

                queue.Enqueue(slot, due + slot.Interval);
            }

            if (now >= reloadAt)
            {
                await ReloadAsync(slots, queue, location, now, stoppingToken);
                reloadAt = now + o.ReloadEvery;
            }

            var next = queue.TryPeek(out _, out var nextDue) && nextDue < reloadAt ? nextDue : reloadAt;
            var wait = next - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The interval of each of a key's targets: the configured one, stretched so the key's models fit its daily budget.</summary>
    public static TimeSpan IntervalFor(KeyBudget keyBudget, int targetsOfKey, TimeSpan configured)
    {
        var perDay = Math.Min(keyBudget.RequestsPerDay, keyBudget.TokensPerDay / ProbePrompt.EstimatedTokens);
        if (perDay <= 0)
        {
            return TimeSpan.FromDays(1);
        }

        var fitting = TimeSpan.FromTicks(TimeSpan.TicksPerDay * targetsOfKey / perDay);
        return fitting > configured ? fitting : configured;
    }

    private async Task ReloadAsync(Dictionary<string, Slot> slots, PriorityQueue<Slot, DateTimeOffset> queue, string location, DateTimeOffset now,
        CancellationToken ct)
    {
        IReadOnlyList<InferenceTarget> targets;
        try
        {
            targets = await assignment.GetAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogAssignmentFailed(logger, e);
            return;
        }

        var wanted = new Dictionary<string, Slot>(StringComparer.Ordinal);
        foreach (var ofKey in targets.Where(t => probe.Handles(t.Probe)).GroupBy(t => t.Spec.KeyName, StringComparer.Ordinal))
        {
            var list = ofKey.ToList();
            foreach (var target in list)
            {
                var interval = IntervalFor(target.Budget, list.Count, options.Value.Interval);
                wanted[target.Probe.Key] = new Slot(target, interval);
            }
        }

        foreach (var gone in slots.Keys.Where(k => !wanted.ContainsKey(k)).ToList())
        {
            slots.Remove(gone);
        }

        foreach (var (key, slot) in wanted)
        {
            if (slots.TryGetValue(key, out var old) && old.Interval == slot.Interval && old.Target.Spec == slot.Target.Spec
                && old.Target.Budget == slot.Target.Budget && old.Target.Probe.Component == slot.Target.Probe.Component)
            {
                continue;
            }

            slots[key] = slot;
            queue.Enqueue(slot, SlotPlanner.FirstDue(key, location, slot.Interval, now));
        }

        stats.Targets = slots.Count;
    }

    private async Task RunAsync(Slot slot, string location, SemaphoreSlim concurrency, CancellationToken ct)
    {
        var spec = slot.Target.Spec;
        try
        {
            await concurrency.WaitAsync(ct);
            try
            {
                var day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
                if (!await budget.TryReserveAsync(spec.KeyName, slot.Target.Budget, day, ProbePrompt.EstimatedTokens, ct))
                {
                    stats.RecordOverBudget();
                    return;
                }

                stats.RecordStart();
                var result = await probe.ProbeAsync(slot.Target.Probe, location, ct);
                await sink.WriteAsync(result, ct);
                if (result.Details is { InputTokens: { } input, OutputTokens: { } output })
                {
                    await budget.SettleAsync(spec.KeyName, day, ProbePrompt.EstimatedTokens, input + output, ct);
                }
            }
            finally
            {
                concurrency.Release();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogProbeFailed(logger, slot.Key, e);
        }
        finally
        {
            _running.TryRemove(slot.Key, out _);
            stats.RecordFinished();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load the inference targets; keeping the current ones")]
    private static partial void LogAssignmentFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Inference probe of {Target} failed unexpectedly")]
    private static partial void LogProbeFailed(ILogger logger, string target, Exception exception);

    private sealed class Slot(InferenceTarget target, TimeSpan interval)
    {
        public InferenceTarget Target { get; } = target;
        public TimeSpan Interval { get; } = interval;
        public string Key => Target.Probe.Key;
    }
}

/// <summary>What the inference scheduler did: targets, probes sent, probes not sent for the budget, slots missed.</summary>
public sealed class InferenceStats
{
    private long _started;
    private long _overBudget;
    private long _missed;
    private long _finished;

    public int Targets { get; set; }
    public long Started => Interlocked.Read(ref _started);
    public long OverBudget => Interlocked.Read(ref _overBudget);
    public long Missed => Interlocked.Read(ref _missed);

    /// <summary>Slots that ended: probed, refused by the budget, or failed.</summary>
    public long Finished => Interlocked.Read(ref _finished);

    public void RecordFinished() => Interlocked.Increment(ref _finished);

    public void RecordStart() => Interlocked.Increment(ref _started);

    public void RecordOverBudget() => Interlocked.Increment(ref _overBudget);

    public void RecordMissed() => Interlocked.Increment(ref _missed);
}
