using Downwatch.Domain.Catalog;
using Downwatch.Domain.Incidents;
using Downwatch.Domain.Status;
using Downwatch.Status.History;
using Downwatch.Storage;

namespace Downwatch.Status;

/// <summary>One round: read recent observations, assess every service, publish, and record history and incidents.</summary>
public sealed partial class AssessmentCycle(
    ServiceCatalog catalog,
    StatusEngine engine,
    StatusBoard board,
    ObservationWindow window,
    ProbeHistory history,
    IObservationStore observations,
    IAssessmentStore assessments,
    IIncidentStore incidents,
    IEnumerable<IStatusChangeListener> listeners,
    TimeProvider time,
    ILogger<AssessmentCycle> log)
{
    private readonly IStatusChangeListener[] _listeners = [.. listeners];
    private bool _published;

    /// <summary>Fills the live window from storage, so a restart keeps recent history.</summary>
    public async Task WarmAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        window.Add(await observations.ReadAsync(now - window.ProbeRetention, now, cancellationToken));
        var older = await observations.ReadReportsAsync(now - window.ReportRetention, now - window.ProbeRetention, cancellationToken);
        window.Add(new Domain.Observations.SignalSet([], [], [], older));
    }

    public async Task RunAsync(TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var results = engine.AssessAll(catalog, window.Snapshot(now), history.Baselines);
        // The board's first content is "not checked yet" for everything: moving away from that is not a change.
        var statuses = _published ? StatusDiff.Between(board.Find, results) : [];
        board.Update(results);
        _published = true;
        await assessments.RecordAsync(results, elapsed, cancellationToken);

        var changed = new List<Incident>();
        var open = (await incidents.OpenAsync(cancellationToken)).ToDictionary(i => i.Service, StringComparer.Ordinal);
        foreach (var assessment in results)
        {
            var before = open.GetValueOrDefault(assessment.Service);
            var name = catalog.FindService(assessment.Service)?.Name ?? assessment.Service;
            var after = IncidentTracker.Default.Next(before, assessment, name);
            if (after is not null && !ReferenceEquals(after, before))
            {
                await incidents.UpsertAsync(after, cancellationToken);
                changed.Add(after);
            }
        }

        // Pages and cached answers of this round may have been made before its incidents and uptime were stored.
        board.Republished();
        var round = new RoundChanges(now, statuses, changed);
        if (!round.IsEmpty)
        {
            foreach (var listener in _listeners)
            {
                try
                {
                    await listener.OnChangesAsync(round, cancellationToken);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    // One failing listener (say, the notification queue's database) must not keep the others uninformed.
                    LogListenerFailed(log, listener.GetType().Name, e);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Listener} failed to take a round's changes; the others were still told")]
    private static partial void LogListenerFailed(ILogger logger, string listener, Exception exception);
}
