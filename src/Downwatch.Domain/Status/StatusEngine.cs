using Downwatch.Domain.Catalog;
using Downwatch.Domain.History;
using Downwatch.Domain.Inference;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Reports;

namespace Downwatch.Domain.Status;

/// <summary>
/// The status rules: a deterministic function of observations and the current time. Own probes are primary,
/// the vendor's status page secondary, community reports only corroborate. See the methodology page.
/// </summary>
public sealed class StatusEngine(TimeProvider time, EngineOptions? options = null)
{
    public EngineOptions Options { get; } = options ?? EngineOptions.Default;

    /// <param name="baselines">Usual latencies from stored history; without them they are learned from
    /// <paramref name="signals"/> themselves (a replayed timeline carries its own history).</param>
    public IReadOnlyList<ServiceAssessment> AssessAll(ServiceCatalog catalog, SignalSet signals, LatencyBaselines? baselines = null)
    {
        var now = time.GetUtcNow();
        // Streamed-request (inference) results are their own evidence, read by InferenceRules after the other rules.
        var (inference, others) = InferenceRules.Split(signals.Probes);
        baselines ??= LatencyBaselines.FromProbes(signals.Probes, now - Options.Window, Options);
        var locations = new LocationStatus(signals.LocationChecks.Where(c => c.At <= now));
        var probes = others.ToLookup(p => p.Service, StringComparer.Ordinal);
        var models = inference.ToLookup(p => p.Service, StringComparer.Ordinal);
        var official = signals.Official.ToLookup(o => o.Service, StringComparer.Ordinal);
        var reports = signals.Reports.ToLookup(r => r.Service, StringComparer.Ordinal);
        return catalog.Services
            .Select(s => InferenceRules.Apply(
                Assess(s, probes[s.Slug].ToList(), locations, official[s.Slug].ToList(), reports[s.Slug].ToList(), baselines, now),
                InferenceRules.Models(s, models[s.Slug], locations, now, ModelRuleOptions.Default, baselines), now))
            .ToList();
    }

    public ServiceAssessment Assess(ServiceDefinition service, SignalSet signals)
    {
        var now = time.GetUtcNow();
        var mine = signals.Probes.Where(p => p.Service == service.Slug).ToList();
        var (inference, others) = InferenceRules.Split(mine);
        var locations = new LocationStatus(signals.LocationChecks.Where(c => c.At <= now));
        var baselines = LatencyBaselines.FromProbes(mine, now - Options.Window, Options);
        return InferenceRules.Apply(Assess(service,
            others,
            locations,
            signals.Official.Where(o => o.Service == service.Slug).ToList(),
            signals.Reports.Where(r => r.Service == service.Slug).ToList(),
            baselines,
            now), InferenceRules.Models(service, inference, locations, now, ModelRuleOptions.Default, baselines), now);
    }

    private ServiceAssessment Assess(ServiceDefinition service, IReadOnlyList<ProbeObservation> probes,
        LocationStatus locations, IReadOnlyList<OfficialStatusObservation> official,
        IReadOnlyList<CommunityReport> reports, LatencyBaselines baselines, DateTimeOffset now)
    {
        var byComponent = probes.ToLookup(p => p.Component, StringComparer.Ordinal);
        var components = new List<ComponentAssessment>();
        var facts = new List<ComponentFacts>();
        foreach (var component in service.Components)
        {
            var results = byComponent[component.Slug].Where(p => p.At <= now).ToList();
            var probe = ProbeEvaluation.Evaluate(service.Slug, component, results, locations, baselines, now, Options);
            var vendor = OfficialEvaluation.Evaluate(component.Slug, component.Name, official, now, Options);
            var lastSeen = results.Count == 0 ? (DateTimeOffset?)null : results.Max(r => r.At);
            var fact = new ComponentFacts(component, probe, vendor, lastSeen);
            facts.Add(fact);
            components.Add(ComponentRules.Assess(service.Slug, fact, now));
        }

        var reportSignal = ReportSignal.Evaluate(reports, now, Options);
        return ServiceRules.Assess(service, facts, components, reportSignal, now, Options);
    }
}

/// <summary>The signals behind one component's assessment, kept for the service-level rules.</summary>
public sealed record ComponentFacts(ComponentDefinition Component, ProbeVerdict Probe, OfficialVerdict? Vendor, DateTimeOffset? LastProbe);
