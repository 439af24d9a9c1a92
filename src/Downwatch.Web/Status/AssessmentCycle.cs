using Downwatch.Domain.Catalog;
using Downwatch.Domain.Incidents;
using Downwatch.Domain.Status;
using Downwatch.Storage;

namespace Downwatch.Web.Status;

/// <summary>One round: read recent observations, assess every service, publish, and record history and incidents.</summary>
public sealed class AssessmentCycle(
    ServiceCatalog catalog,
    StatusEngine engine,
    StatusBoard board,
    IObservationStore observations,
    IAssessmentStore assessments,
    IIncidentStore incidents,
    TimeProvider time)
{
    /// <summary>How much history each round reads: enough for the window and the latency baselines.</summary>
    public static readonly TimeSpan History = TimeSpan.FromDays(1);

    public async Task RunAsync(TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var signals = await observations.ReadAsync(now - History, now, cancellationToken);
        var results = engine.AssessAll(catalog, signals);
        board.Update(results);
        await assessments.RecordAsync(results, elapsed, cancellationToken);

        var open = (await incidents.OpenAsync(cancellationToken)).ToDictionary(i => i.Service, StringComparer.Ordinal);
        foreach (var assessment in results)
        {
            var before = open.GetValueOrDefault(assessment.Service);
            var name = catalog.FindService(assessment.Service)?.Name ?? assessment.Service;
            var after = IncidentTracker.Default.Next(before, assessment, name);
            if (after is not null && !ReferenceEquals(after, before))
            {
                await incidents.UpsertAsync(after, cancellationToken);
            }
        }
    }
}
