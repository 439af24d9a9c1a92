using Downwatch.Domain.Catalog;
using Downwatch.Domain.Reports;

namespace Downwatch.Domain.Status;

/// <summary>Rolls component assessments and community reports up into the service's headline and diagnosis.</summary>
public static class ServiceRules
{
    public static ServiceAssessment Assess(ServiceDefinition service, IReadOnlyList<ComponentFacts> facts,
        IReadOnlyList<ComponentAssessment> components, ReportSignal reports, DateTimeOffset now, EngineOptions options)
    {
        var known = components.Where(c => c.Status != ServiceStatus.Unknown).ToList();
        var status = known.Count == 0 ? ServiceStatus.Unknown
            : known.All(c => c.Status == ServiceStatus.MajorOutage) ? ServiceStatus.MajorOutage
            : known.Any(c => c.Status is ServiceStatus.MajorOutage or ServiceStatus.PartialOutage) ? ServiceStatus.PartialOutage
            : known.Any(c => c.Status == ServiceStatus.Degraded) ? ServiceStatus.Degraded
            : known.Any(c => c.Status == ServiceStatus.Maintenance) ? ServiceStatus.Maintenance
            : ServiceStatus.Operational;

        var evidence = components.SelectMany(c => c.Evidence)
            .DistinctBy(e => e.Text)
            .Append(reports.ToEvidence(options))
            .ToList();

        var probesHealthy = facts.Any(f => f.Probe.Status == ServiceStatus.Operational);
        var probeProblem = facts.Any(f => ComponentRules.IsProblem(f.Probe.Status));
        var vendorKnown = facts.Any(f => f.Vendor is not null);
        var vendorProblem = facts.Any(f => f.Vendor is { } v && ComponentRules.IsProblem(v.Status));

        Diagnosis diagnosis;
        Confidence confidence;
        if (reports.IsSpike && status is ServiceStatus.Unknown or ServiceStatus.Operational)
        {
            status = ServiceStatus.Degraded;
            diagnosis = Diagnosis.Inconclusive;
            confidence = Confidence.Low;
        }
        else
        {
            diagnosis = status switch
            {
                ServiceStatus.Unknown => Diagnosis.Inconclusive,
                ServiceStatus.Operational => probesHealthy && !vendorProblem ? Diagnosis.LocalIssue : Diagnosis.Inconclusive,
                ServiceStatus.MajorOutage => Diagnosis.GlobalOutage,
                _ => Diagnosis.PartialIncident,
            };
            confidence = status switch
            {
                ServiceStatus.Unknown => Confidence.Low,
                ServiceStatus.Operational => probesHealthy && vendorKnown && !vendorProblem ? Confidence.High
                    : probesHealthy && facts.Max(f => f.Probe.OnlineLocations) >= 2 ? Confidence.Medium
                    : probesHealthy ? Confidence.Low
                    : Confidence.Medium,
                _ => ProblemConfidence(facts, probeProblem, vendorProblem, reports.IsSpike),
            };
        }

        return new ServiceAssessment(service.Slug, status, diagnosis, confidence, evidence, now, components);
    }

    private static Confidence ProblemConfidence(IReadOnlyList<ComponentFacts> facts, bool probeProblem, bool vendorProblem, bool spike)
    {
        var confidence = probeProblem && vendorProblem ? Confidence.High
            : probeProblem ? (facts.Max(f => f.Probe.FailingLocations) >= 2 ? Confidence.Medium : Confidence.Low)
            : Confidence.Medium;
        return spike && confidence < Confidence.High ? confidence + 1 : confidence;
    }
}
