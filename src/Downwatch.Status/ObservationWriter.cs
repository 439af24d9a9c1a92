using System.Threading.Channels;
using Downwatch.Domain.Observations;
using Downwatch.Probing;
using Downwatch.Storage;

namespace Downwatch.Status;

/// <summary>
/// Where this process's probe results go: in batches into storage (and so into the live window).
/// </summary>
public sealed partial class ObservationWriter(IObservationStore store, ILogger<ObservationWriter> logger)
    : BackgroundService, IProbeResultSink
{
    private const int MaxBatch = 1000;
    private readonly Channel<object> _pending = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });

    public ValueTask WriteAsync(ProbeObservation result, CancellationToken cancellationToken) =>
        _pending.Writer.WriteAsync(result, cancellationToken);

    public ValueTask WriteAsync(LocationCheck check, CancellationToken cancellationToken) =>
        _pending.Writer.WriteAsync(check, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                await FlushAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: what is queued is written below.
        }

        await FlushAsync(CancellationToken.None);
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        while (true)
        {
            var probes = new List<ProbeObservation>();
            var checks = new List<LocationCheck>();
            while (probes.Count + checks.Count < MaxBatch && _pending.Reader.TryRead(out var item))
            {
                if (item is ProbeObservation p)
                {
                    probes.Add(p);
                }
                else if (item is LocationCheck c)
                {
                    checks.Add(c);
                }
            }

            if (probes.Count + checks.Count == 0)
            {
                return;
            }

            try
            {
                await store.AppendAsync(new SignalSet(probes, checks, [], []), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogWriteFailed(logger, probes.Count + checks.Count, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not store {Count} observations")]
    private static partial void LogWriteFailed(ILogger logger, int count, Exception exception);
}
