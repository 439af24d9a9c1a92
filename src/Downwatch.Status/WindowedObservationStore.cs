using Downwatch.Domain.Observations;
using Downwatch.Storage;

namespace Downwatch.Status;

/// <summary>
/// The observation store every writer in this process uses (probe results, agent batches, vendor reads): what is
/// committed to storage also enters the live window the status engine reads.
/// </summary>
public sealed class WindowedObservationStore(IObservationStore inner, ObservationWindow window) : IObservationStore
{
    public async Task AppendAsync(SignalSet observations, CancellationToken cancellationToken = default)
    {
        await inner.AppendAsync(observations, cancellationToken);
        window.Add(observations);
    }

    public async Task AppendReportsAsync(IReadOnlyList<CommunityReport> reports, CancellationToken cancellationToken = default)
    {
        await inner.AppendReportsAsync(reports, cancellationToken);
        window.Add(new SignalSet([], [], [], reports));
    }

    public Task<SignalSet> ReadAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(since, until, cancellationToken);

    public Task<IReadOnlyList<CommunityReport>> ReadReportsAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        inner.ReadReportsAsync(since, until, cancellationToken);

    public Task<DateTimeOffset?> OldestProbeAsync(CancellationToken cancellationToken = default) =>
        inner.OldestProbeAsync(cancellationToken);

    public Task<int> PackAsync(DateTimeOffset hour, CancellationToken cancellationToken = default) =>
        inner.PackAsync(hour, cancellationToken);

    public Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        inner.PruneAsync(before, cancellationToken);
}
