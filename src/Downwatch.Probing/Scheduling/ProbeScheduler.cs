using Downwatch.Domain.Observations;
using Downwatch.Probing.Http;
using Downwatch.Probing.Locations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Downwatch.Probing.Scheduling;

/// <summary>
/// Runs every assigned target at its interval from its stable phase. Each probe runs on its own task inside a
/// concurrency bound, so one slow target never delays another; a slot that comes while the target's previous
/// probe still runs is counted as missed, never silently skipped.
/// </summary>
internal sealed partial class ProbeScheduler(
    IProbeAssignment assignment,
    IEnumerable<IProbe> probes,
    IProbeResultSink sink,
    ControlChecks controlChecks,
    SchedulerStats stats,
    IOptions<ProbingOptions> options,
    TimeProvider time,
    ILogger<ProbeScheduler> logger) : BackgroundService
{
    private static readonly TimeSpan ReassignEvery = TimeSpan.FromMinutes(1);
    private readonly IProbe[] _probes = [.. probes];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        // Not disposed: probes still in flight at shutdown release it after this method returns.
        var concurrency = new SemaphoreSlim(o.MaxConcurrency);
        try
        {
            await controlChecks.RunOnceAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFirstCheckFailed(logger, e);
        }

        var queue = new PriorityQueue<Slot, DateTimeOffset>();
        var slots = new Dictionary<string, Slot>(StringComparer.Ordinal);
        var reassignAt = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            if (now >= reassignAt)
            {
                await ReassignAsync(slots, queue, now, stoppingToken);
                reassignAt = now + ReassignEvery;
            }

            while (queue.TryPeek(out var slot, out var due) && due <= now)
            {
                queue.Dequeue();
                if (!slots.ContainsKey(slot.Target.Key))
                {
                    continue; // no longer assigned
                }

                if (slot.Running)
                {
                    stats.RecordMissed(slot.Target.Key);
                }
                else
                {
                    slot.Running = true;
                    _ = RunAsync(slot, due, concurrency, o, stoppingToken);
                }

                queue.Enqueue(slot, due + slot.Target.Interval);
            }

            var next = queue.TryPeek(out _, out var nextDue) ? nextDue : now + ReassignEvery;
            var wait = (next < reassignAt ? next : reassignAt) - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ReassignAsync(Dictionary<string, Slot> slots, PriorityQueue<Slot, DateTimeOffset> queue, DateTimeOffset now, CancellationToken ct)
    {
        IReadOnlyList<ProbeTarget> targets;
        try
        {
            targets = await assignment.GetAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogAssignmentFailed(logger, e);
            return;
        }

        var keys = targets.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in slots.Keys.Where(k => !keys.Contains(k)).ToList())
        {
            slots.Remove(gone);
        }

        foreach (var target in targets.Where(t => !slots.ContainsKey(t.Key)))
        {
            if (Array.Find(_probes, p => p.Handles(target)) is not { } probe)
            {
                LogNoProbe(logger, target.Key);
                continue;
            }

            var slot = new Slot(target, probe);
            slots[target.Key] = slot;
            queue.Enqueue(slot, SlotPlanner.FirstDue(target.Key, options.Value.Location, target.Interval, now));
        }
    }

    private async Task RunAsync(Slot slot, DateTimeOffset due, SemaphoreSlim concurrency, ProbingOptions o, CancellationToken ct)
    {
        try
        {
            await concurrency.WaitAsync(ct);
            try
            {
                stats.RecordStart(time.GetUtcNow() - due);
                var result = await slot.Probe.ProbeAsync(slot.Target, o.Location, ct);
                await sink.WriteAsync(result, ct);
                if (result.Outcome == ProbeOutcome.Down && slot.LastOutcome != ProbeOutcome.Down)
                {
                    controlChecks.RequestSoon();
                    if (o.RetryFailures)
                    {
                        await Task.Delay(o.RetryDelay, time, ct);
                        stats.RecordRetry();
                        result = await slot.Probe.ProbeAsync(slot.Target, o.Location, ct);
                        await sink.WriteAsync(result, ct);
                    }
                }

                slot.LastOutcome = result.Outcome;
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
            LogProbeFailed(logger, slot.Target.Key, e);
        }
        finally
        {
            slot.Running = false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load the probe assignment; keeping the current one")]
    private static partial void LogAssignmentFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The first control check failed to run; probing starts anyway")]
    private static partial void LogFirstCheckFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Probe of {Target} failed unexpectedly")]
    private static partial void LogProbeFailed(ILogger logger, string target, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No probe type handles {Target}; it is not probed")]
    private static partial void LogNoProbe(ILogger logger, string target);

    private sealed class Slot(ProbeTarget target, IProbe probe)
    {
        public ProbeTarget Target { get; } = target;

        public IProbe Probe { get; } = probe;
        public volatile bool Running;
        public ProbeOutcome? LastOutcome { get; set; }
    }
}
