using Downwatch.Domain.Catalog;
using Downwatch.Domain.Reports;

namespace Downwatch.Domain.Status;

/// <summary>Rolls component assessments and community reports up into the service's headline and diagnosis.</summary>
public static class ServiceRules
{
    /// <summary>The service's status from its components' (Unknown ones aside): all down is a major outage, some down
    /// a partial one, else the worst of degraded, maintenance and operational.</summary>
    public static ServiceStatus Roll(IReadOnlyList<ComponentAssessment> components)
    {
        var known = components.Where(c => c.Status != ServiceStatus.Unknown).ToList();
        return known.Count == 0 ? ServiceStatus.Unknown
            : known.All(c => c.Status == ServiceStatus.MajorOutage) ? ServiceStatus.MajorOutage
            : known.Any(c => c.Status is ServiceStatus.MajorOutage or ServiceStatus.PartialOutage) ? ServiceStatus.PartialOutage
            : known.Any(c => c.Status == ServiceStatus.Degraded) ? ServiceStatus.Degraded
            : known.Any(c => c.Status == ServiceStatus.Maintenance) ? ServiceStatus.Maintenance
            : ServiceStatus.Operational;
    }

    public static ServiceAssessment Assess(ServiceDefinition service, IReadOnlyList<ComponentFacts> facts,
        IReadOnlyList<ComponentAssessment> components, ReportSignal reports, DateTimeOffset now, EngineOptions options)
    {
        var status = Roll(components);

        var evidence = components.SelectMany(c => c.Evidence)
            .DistinctBy(e => e.Text)
            .Append(reports.ToEvidence(options))
            .ToList();

        if (reports.IsSpike && status is ServiceStatus.Unknown or ServiceStatus.Operational)
        {
            status = ServiceStatus.Degraded; // users report problems: at most Degraded, never an outage
        }

        var decisionFacts = DiagnosisRules.Facts(status, facts, reports.IsSpike);
        var (diagnosis, confidence, _) = DiagnosisRules.Decide(decisionFacts);
        if (decisionFacts.ProbeProblem && !decisionFacts.ProbeQuorum && !decisionFacts.VendorProblem
            && status.Severity() >= ServiceStatus.PartialOutage.Severity())
        {
            var online = decisionFacts.OnlineLocations;
            evidence.Add(new Evidence(EvidenceSource.Probes, online <= 1
                ? "Seen from one location only: probably the provider, but one place cannot rule out a problem on the way to it."
                : "Not seen at a quorum of our online locations: probably the provider, in some regions.",
                null, ServiceStatus.Unknown));
        }

        return new ServiceAssessment(service.Slug, status, diagnosis, confidence, evidence, now, components);
    }
}
