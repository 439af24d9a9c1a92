using Downwatch.Domain.History;

namespace Downwatch.Storage;

/// <summary>Which rollup table: an hour or a day of one endpoint's results at one location per row.</summary>
public enum RollupSpan
{
    Hour,
    Day,
}

/// <summary>
/// Probe history in compact form. Writing a period replaces what was stored for it, so a rollup can be computed
/// again (after a restart, or by another node) without counting anything twice.
/// </summary>
public interface IRollupStore
{
    /// <summary>Replaces every rollup of the period that starts at <paramref name="start"/> with <paramref name="rollups"/>.</summary>
    Task ReplaceAsync(RollupSpan span, DateTimeOffset start, IReadOnlyList<ProbeRollup> rollups, CancellationToken cancellationToken = default);

    /// <summary>Rollups of periods starting in [since, until), optionally of one service.</summary>
    Task<IReadOnlyList<ProbeRollup>> ReadAsync(RollupSpan span, DateTimeOffset since, DateTimeOffset until, string? service = null,
        CancellationToken cancellationToken = default);

    /// <summary>The end of the last period rolled up (the next one to do starts there), or null before the first.</summary>
    Task<DateTimeOffset?> ProgressAsync(RollupSpan span, CancellationToken cancellationToken = default);

    Task SetProgressAsync(RollupSpan span, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Deletes rollups of periods that started before <paramref name="before"/>, in small batches; returns how many.</summary>
    Task<int> PruneAsync(RollupSpan span, DateTimeOffset before, CancellationToken cancellationToken = default);
}
