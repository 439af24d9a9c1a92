using System.Globalization;
using Downwatch.Domain.Status;

namespace Downwatch.Domain.Incidents;

/// <summary>
/// Pure incident lifecycle: an incident opens when a service reaches a partial or major outage, gains an update
/// whenever its status changes, moves to monitoring when the service is back to operational, and resolves after
/// it stays operational for <see cref="ResolveAfter"/> — unless people lead it (<see cref="Incident.LedBy"/>): then
/// the engine adds what it measures and people resolve it.
/// </summary>
public sealed class IncidentTracker(TimeSpan resolveAfter)
{
    public static readonly IncidentTracker Default = new(TimeSpan.FromMinutes(10));

    public TimeSpan ResolveAfter { get; } = resolveAfter;

    /// <summary>Returns the incident after seeing <paramref name="assessment"/>, or null when there is none.</summary>
    public Incident? Next(Incident? open, ServiceAssessment assessment, string serviceName)
    {
        var status = assessment.Status;
        var at = assessment.EvaluatedAt;
        var opens = status is ServiceStatus.PartialOutage or ServiceStatus.MajorOutage;
        if (open is null || !open.IsOpen)
        {
            if (!opens)
            {
                return null;
            }

            var id = $"{assessment.Service}-{at.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}";
            var title = $"{serviceName}: {status.Title().ToLowerInvariant()} detected";
            return new Incident(id, assessment.Service, title, status, at, null,
                [new IncidentUpdate(at, IncidentPhase.Investigating, status, Describe(assessment))]);
        }

        // The engine continues from its own last word; people's updates in between do not reset what it measured.
        if (open.Updates.LastOrDefault(u => u.Author is null) is not { } last)
        {
            // Only people have spoken (they opened it): the engine adds its word once it measures a problem itself.
            return opens
                ? open with
                {
                    WorstStatus = StatusVocabulary.Worst(open.WorstStatus, status),
                    Updates = [.. open.Updates, new IncidentUpdate(at, open.Phase, status, Describe(assessment))],
                }
                : open;
        }

        if (status == ServiceStatus.Operational)
        {
            if (last.Phase != IncidentPhase.Monitoring)
            {
                return open with { Updates = [.. open.Updates, new IncidentUpdate(at, IncidentPhase.Monitoring, status,
                    "Signals are back to operational; watching for recurrence.")] };
            }

            return open.LedBy is null && at - last.At >= ResolveAfter
                ? open with { ResolvedAt = at, Updates = [.. open.Updates, new IncidentUpdate(at, IncidentPhase.Resolved, status,
                    $"Operational for {ResolveAfter.TotalMinutes:0} minutes; resolved.")] }
                : open;
        }

        if (status == last.Status || status == ServiceStatus.Unknown)
        {
            return open;
        }

        var worst = StatusVocabulary.Worst(open.WorstStatus, status);
        return open with
        {
            WorstStatus = worst,
            Updates = [.. open.Updates, new IncidentUpdate(at, IncidentPhase.Investigating, status, Describe(assessment))],
        };
    }

    private static string Describe(ServiceAssessment assessment) =>
        $"{assessment.Status.Title()}: " + string.Join(" ", assessment.Evidence
            .Where(e => e.Supports.Severity() >= ServiceStatus.Degraded.Severity())
            .Select(e => e.Text));
}
