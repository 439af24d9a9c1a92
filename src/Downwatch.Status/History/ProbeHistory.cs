using Downwatch.Domain.History;
using Downwatch.Domain.Status;
using Downwatch.Storage;
using Microsoft.Extensions.Options;

namespace Downwatch.Status.History;

/// <summary>
/// Keeps probe history bounded and useful: once an hour is over (plus a grace period for late agent batches) its raw
/// results become hourly rollups and are packed into one compressed row per endpoint and location, finished days
/// become daily rollups, each kind of history is pruned past its
/// retention (raw results only once rolled up), and the latency baselines the engine reads are rebuilt from the
/// hourly rollups of the past weeks. Progress is stored, so a restarted or newly elected node carries on where the
/// last one stopped and catches up on the hours it missed.
/// </summary>
public sealed partial class ProbeHistory(
    IObservationStore observations,
    IRollupStore rollups,
    IOptions<StorageOptions> storage,
    IOptions<EngineOptions> engine,
    TimeProvider time,
    ILogger<ProbeHistory> log)
{
    /// <summary>Results may arrive this late (agents buffer while the server is away) and still be rolled up.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);

    /// <summary>At most this many hours are rolled up per call, so a long catch-up never holds up a status round.</summary>
    public const int MaxHoursPerCall = 48;

    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private DateTimeOffset _prunedAt = DateTimeOffset.MinValue;
    private DateTimeOffset? _baselinesUntil;

    /// <summary>The latency baselines as of the last rolled-up hour (empty until the first rollup is read).</summary>
    public LatencyBaselines Baselines { get; private set; } = LatencyBaselines.Empty;

    /// <summary>Rolls up what is due, prunes at most once an hour, and refreshes the baselines when history moved.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var hoursUntil = await RollUpHoursAsync(cancellationToken);
        await RollUpDaysAsync(hoursUntil, cancellationToken);
        var now = time.GetUtcNow();
        if (now - _prunedAt >= Hour)
        {
            var o = storage.Value;
            var raw = now - TimeSpan.FromDays(o.ProbeRetentionDays);
            var pruned = await observations.PruneAsync(hoursUntil is { } done && done < raw ? done : raw, cancellationToken)
                + await rollups.PruneAsync(RollupSpan.Hour, now - TimeSpan.FromDays(o.HourlyRetentionDays), cancellationToken)
                + await rollups.PruneAsync(RollupSpan.Day, now - TimeSpan.FromDays(o.DailyRetentionDays), cancellationToken);
            _prunedAt = now;
            LogPruned(log, pruned);
        }

        if (hoursUntil is { } until && until != _baselinesUntil)
        {
            var options = engine.Value;
            var hourly = await rollups.ReadAsync(RollupSpan.Hour, until - TimeSpan.FromDays(7 * options.BaselineWeeks), until,
                cancellationToken: cancellationToken);
            Baselines = new LatencyBaselines(hourly, until, options);
            _baselinesUntil = until;
        }
    }

    private async Task<DateTimeOffset?> RollUpHoursAsync(CancellationToken cancellationToken)
    {
        var due = ProbeRollup.HourOf(time.GetUtcNow() - Grace);
        var next = await rollups.ProgressAsync(RollupSpan.Hour, cancellationToken);
        if (next is null)
        {
            if (await observations.OldestProbeAsync(cancellationToken) is not { } oldest)
            {
                return null;
            }

            next = ProbeRollup.HourOf(oldest);
        }

        for (var done = 0; next.Value < due && done < MaxHoursPerCall; done++)
        {
            var start = next.Value;
            var raw = await observations.ReadAsync(start - TimeSpan.FromMilliseconds(1), start + Hour - TimeSpan.FromMilliseconds(1), cancellationToken);
            await rollups.ReplaceAsync(RollupSpan.Hour, start, ProbeRollup.Hourly(raw.Probes), cancellationToken);
            await observations.PackAsync(start, cancellationToken);
            next = start + Hour;
            await rollups.SetProgressAsync(RollupSpan.Hour, next.Value, cancellationToken);
        }

        return next;
    }

    private async Task RollUpDaysAsync(DateTimeOffset? hoursUntil, CancellationToken cancellationToken)
    {
        if (hoursUntil is not { } until)
        {
            return;
        }

        // The first time, from as far back as hourly rollups are kept.
        var next = await rollups.ProgressAsync(RollupSpan.Day, cancellationToken)
            ?? ProbeRollup.DayOf(until - TimeSpan.FromDays(storage.Value.HourlyRetentionDays));
        while (next + Day <= until)
        {
            var hourly = await rollups.ReadAsync(RollupSpan.Hour, next, next + Day, cancellationToken: cancellationToken);
            await rollups.ReplaceAsync(RollupSpan.Day, next, ProbeRollup.Daily(hourly), cancellationToken);
            next += Day;
            await rollups.SetProgressAsync(RollupSpan.Day, next, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pruned {Rows} rows of probe history past their retention")]
    private static partial void LogPruned(ILogger logger, int rows);
}
