using Downwatch.Domain.History;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Status;

namespace Downwatch.Domain.Inference;

/// <summary>
/// Adds what streamed requests say to an assessment made from the other signals: a status per model, and for the
/// component the models belong to, "front door up but inference failing" — every probed model failing makes the component
/// a partial outage, one failing (or slow) model makes it degraded. It only ever makes a status worse, never better, so the
/// rules for the other signals stay as they are.
/// </summary>
public static class InferenceRules
{
    /// <summary>Splits inference results (endpoint <c>model:…</c>) from the others.</summary>
    public static (IReadOnlyList<ProbeObservation> Inference, IReadOnlyList<ProbeObservation> Others) Split(IEnumerable<ProbeObservation> probes)
    {
        var inference = new List<ProbeObservation>();
        var others = new List<ProbeObservation>();
        foreach (var p in probes)
        {
            (InferenceEndpoint.Is(p) ? inference : others).Add(p);
        }

        return (inference, others);
    }

    /// <summary>Each model of the service that has results, assessed.</summary>
    public static IReadOnlyList<ModelAssessment> Models(ServiceDefinition service, IEnumerable<ProbeObservation> inference, LocationStatus locations,
        DateTimeOffset now, ModelRuleOptions options, LatencyBaselines? baselines = null) =>
        inference
            .Where(p => p.Service == service.Slug && p.At <= now)
            .GroupBy(p => (p.Component, Model: InferenceEndpoint.ModelOf(p.Endpoint)!))
            .OrderBy(g => g.Key.Component, StringComparer.Ordinal).ThenBy(g => g.Key.Model, StringComparer.Ordinal)
            .Select(g => ModelRules.Evaluate(service.Slug, g.Key.Component, g.Key.Model, g.ToList(), locations, now, options, baselines))
            .ToList();

    /// <summary>The assessment with the models' statuses and evidence folded in.</summary>
    public static ServiceAssessment Apply(ServiceAssessment assessment, IReadOnlyList<ModelAssessment> models, DateTimeOffset now)
    {
        if (models.Count == 0)
        {
            return assessment;
        }

        var components = assessment.Components.Select(c => ApplyToComponent(c, models.Where(m => m.Component == c.Component).ToList(), now)).ToList();
        var added = components.Zip(assessment.Components).SelectMany(p => p.First.Evidence.Except(p.Second.Evidence)).ToList();
        var worst = components.Select(c => c.Status).Aggregate(ServiceStatus.Unknown, StatusVocabulary.Worst);
        var candidate = worst.Severity() >= ServiceStatus.PartialOutage.Severity() ? ServiceStatus.PartialOutage : worst;
        var status = assessment.Status == ServiceStatus.Maintenance ? assessment.Status : StatusVocabulary.Worst(assessment.Status, candidate);
        if (status == assessment.Status && added.Count == 0)
        {
            return assessment with { Models = models };
        }

        var changed = status != assessment.Status;
        var evidence = assessment.Evidence.Concat(added).DistinctBy(e => e.Text).ToList();
        return new ServiceAssessment(assessment.Service, status,
            changed ? DiagnosisOf(status) : assessment.Diagnosis,
            changed ? ConfidenceOf(models) : assessment.Confidence,
            evidence, assessment.EvaluatedAt, components) { Models = models };
    }

    private static ComponentAssessment ApplyToComponent(ComponentAssessment component, IReadOnlyList<ModelAssessment> models, DateTimeOffset now)
    {
        var known = models.Where(m => m.Status != ServiceStatus.Unknown).ToList();
        if (known.Count == 0)
        {
            return component;
        }

        var failing = known.Where(m => m.Status.Severity() >= ServiceStatus.PartialOutage.Severity()).ToList();
        var degraded = known.Where(m => m.Status == ServiceStatus.Degraded).ToList();
        var evidence = component.Evidence.Concat(known.Select(m => m.Evidence)).ToList();
        var candidate = ServiceStatus.Operational;
        if (failing.Count == known.Count)
        {
            candidate = ServiceStatus.PartialOutage;
            evidence.Add(new Evidence(EvidenceSource.Probes,
                $"Inference fails for {(known.Count == 1 ? "the one probed model" : $"all {known.Count} probed models")}" +
                (component.Status == ServiceStatus.Operational ? ", although the API's front door answers normally." : "."),
                failing.Max(m => m.Evidence.At), candidate));
        }
        else if (failing.Count > 0 || degraded.Count > 0)
        {
            candidate = ServiceStatus.Degraded;
            var names = string.Join(", ", failing.Concat(degraded).Select(m => m.Model));
            evidence.Add(new Evidence(EvidenceSource.Probes,
                $"{failing.Count + degraded.Count} of {known.Count} probed models {(failing.Count + degraded.Count == 1 ? "is" : "are")} failing or slow: {names}.",
                failing.Concat(degraded).Max(m => m.Evidence.At), candidate));
        }

        var status = component.Status == ServiceStatus.Maintenance ? component.Status : StatusVocabulary.Worst(component.Status, candidate);
        var changed = status != component.Status;
        return new ComponentAssessment(component.Service, component.Component, status,
            changed ? DiagnosisOf(status) : component.Diagnosis,
            changed ? ConfidenceOf(known) : component.Confidence,
            evidence, now);
    }

    private static Diagnosis DiagnosisOf(ServiceStatus status) => status switch
    {
        ServiceStatus.Operational => Diagnosis.LocalIssue,
        ServiceStatus.MajorOutage => Diagnosis.GlobalOutage,
        ServiceStatus.Unknown => Diagnosis.Inconclusive,
        _ => Diagnosis.PartialIncident,
    };

    private static Confidence ConfidenceOf(IReadOnlyList<ModelAssessment> models)
    {
        var locations = models.SelectMany(m => m.Status.Severity() >= ServiceStatus.Degraded.Severity() && m.FailingLocations.Count > 0
            ? m.FailingLocations : m.Locations).Distinct(StringComparer.Ordinal).Count();
        return locations >= 2 ? Confidence.Medium : Confidence.Low;
    }
}
