using System.Globalization;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Status;

namespace Downwatch.Domain.Operators;

/// <summary>
/// How operators' statements enter an assessment: a running maintenance window shows its components as Maintenance, an
/// override sets a component's status; both add a sentence of their own (source <see cref="EvidenceSource.Operator"/>)
/// and keep every sentence of the evidence, so a page shows the operator's word beside what was measured, never instead
/// of it. A silence takes a component's probe results out of the round and says so.
/// </summary>
public static class OperatorWord
{
    /// <summary>Probe results without those of silenced components.</summary>
    public static SignalSet WithoutSilenced(SignalSet signals, OperatorStatements statements, DateTimeOffset now)
    {
        var silenced = statements.Silences.Where(s => s.IsActive(now)).Select(s => (s.Service, s.Component)).ToHashSet();
        return silenced.Count == 0
            ? signals
            : signals with { Probes = signals.Probes.Where(p => !silenced.Contains((p.Service, p.Component))).ToList() };
    }

    public static IReadOnlyList<ServiceAssessment> Apply(IReadOnlyList<ServiceAssessment> assessments, OperatorStatements statements,
        DateTimeOffset now) =>
        statements.IsEmpty ? assessments : assessments.Select(a => Apply(a, statements, now)).ToList();

    public static ServiceAssessment Apply(ServiceAssessment assessment, OperatorStatements statements, DateTimeOffset now)
    {
        var changed = false;
        var components = new List<ComponentAssessment>(assessment.Components.Count);
        foreach (var component in assessment.Components)
        {
            var next = Apply(component, statements, now);
            changed |= !ReferenceEquals(next, component);
            components.Add(next);
        }

        if (!changed)
        {
            return assessment;
        }

        var said = components.SelectMany(c => c.Evidence).Where(e => e.Source == EvidenceSource.Operator).DistinctBy(e => e.Text);
        var evidence = said.Concat(assessment.Evidence.Where(e => e.Source != EvidenceSource.Operator)).ToList();
        var status = ServiceRules.Roll(components);
        // Users' reports can hold a service at Degraded on their own; the operator's word on components does not undo that.
        if (status is ServiceStatus.Operational or ServiceStatus.Unknown && assessment.Status == ServiceStatus.Degraded
            && assessment.Components.All(c => c.Status.Severity() < ServiceStatus.Degraded.Severity()))
        {
            status = ServiceStatus.Degraded;
        }

        // The engine's verdict stands when the operator's word leaves the headline where it was; maintenance reads as
        // maintenance; a headline the operator moved elsewhere is the operator's against the measurements: "mixed".
        var (diagnosis, confidence) = status == assessment.Status ? (assessment.Diagnosis, assessment.Confidence)
            : status == ServiceStatus.Maintenance ? (Diagnosis.PartialIncident, assessment.Confidence)
            : (Diagnosis.Inconclusive, Confidence.Low);
        return new ServiceAssessment(assessment.Service, status, diagnosis, confidence, evidence, assessment.EvaluatedAt, components)
        {
            Models = assessment.Models,
        };
    }

    private static ComponentAssessment Apply(ComponentAssessment component, OperatorStatements statements, DateTimeOffset now)
    {
        var words = new List<Evidence>();
        var status = component.Status;
        foreach (var silence in statements.Silences.Where(s => s.IsActive(now) && Is(s.Service, s.Component, component)))
        {
            words.Add(new Evidence(EvidenceSource.Operator,
                $"Probes of {component.Component} are silenced by an operator until {Time(silence.Until)}: {silence.Reason}",
                silence.SetAt, ServiceStatus.Unknown));
        }

        if (statements.Maintenance.FirstOrDefault(m => m.IsActive(now) && m.Service == component.Service && m.Covers(component.Component))
            is { } window)
        {
            status = ServiceStatus.Maintenance;
            words.Add(new Evidence(EvidenceSource.Operator, $"Scheduled maintenance until {Time(window.EndsAt)}: {window.Text}",
                window.StartsAt, ServiceStatus.Maintenance));
        }

        if (statements.Overrides.Where(o => o.IsActive(now) && Is(o.Service, o.Component, component)).MaxBy(o => o.SetAt) is { } set)
        {
            status = set.Status;
            words.Add(new Evidence(EvidenceSource.Operator,
                $"Set by the operator to {set.Status.Title().ToLowerInvariant()} until {Time(set.ExpiresAt)}: {set.Reason}",
                set.SetAt, set.Status));
        }

        return words.Count == 0
            ? component
            : new ComponentAssessment(component.Service, component.Component, status, component.Diagnosis, component.Confidence,
                [.. words, .. component.Evidence], component.EvaluatedAt);
    }

    private static bool Is(string service, string name, ComponentAssessment component) =>
        service == component.Service && name == component.Component;

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
