using System.Globalization;

namespace Downwatch.Domain.Status;

/// <summary>Combines probes (primary) and the vendor's word (secondary) for one component.</summary>
public static class ComponentRules
{
    public static ComponentAssessment Assess(string service, ComponentFacts facts, DateTimeOffset now)
    {
        var probe = facts.Probe.Status;
        var vendor = facts.Vendor?.Status ?? ServiceStatus.Unknown;
        var evidence = new List<Evidence>(facts.Probe.Evidence);
        if (facts.Vendor is not null)
        {
            evidence.Add(facts.Vendor.Evidence);
        }

        var status = vendor == ServiceStatus.Maintenance ? ServiceStatus.Maintenance : StatusVocabulary.Worst(probe, vendor);
        if (status == ServiceStatus.Unknown)
        {
            evidence.Add(NotChecked(facts));
        }

        AddDisagreement(facts, probe, vendor, evidence);
        var diagnosis = status switch
        {
            ServiceStatus.Unknown => Diagnosis.Inconclusive,
            ServiceStatus.Operational => probe == ServiceStatus.Operational ? Diagnosis.LocalIssue : Diagnosis.Inconclusive,
            ServiceStatus.MajorOutage => Diagnosis.GlobalOutage,
            _ => Diagnosis.PartialIncident,
        };
        return new ComponentAssessment(service, facts.Component.Slug, status, diagnosis,
            ConfidenceOf(status, facts), evidence, now);
    }

    public static bool IsProblem(ServiceStatus status) => status.Severity() >= ServiceStatus.Maintenance.Severity();

    private static Confidence ConfidenceOf(ServiceStatus status, ComponentFacts facts)
    {
        var probe = facts.Probe.Status;
        var vendor = facts.Vendor?.Status ?? ServiceStatus.Unknown;
        if (status == ServiceStatus.Unknown)
        {
            return Confidence.Low;
        }

        if (probe != ServiceStatus.Unknown && vendor != ServiceStatus.Unknown && IsProblem(probe) == IsProblem(vendor))
        {
            return Confidence.High;
        }

        if (probe != ServiceStatus.Unknown)
        {
            var locations = IsProblem(probe) ? facts.Probe.FailingLocations : facts.Probe.OnlineLocations;
            return locations >= 2 ? Confidence.Medium : Confidence.Low;
        }

        return Confidence.Medium;
    }

    private static Evidence NotChecked(ComponentFacts facts)
    {
        if (facts.LastProbe is not { } last)
        {
            return new Evidence(EvidenceSource.Freshness,
                $"{facts.Component.Name} has not been checked yet: no probe result so far.", null, ServiceStatus.Unknown);
        }

        var at = last.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return new Evidence(EvidenceSource.Freshness,
            $"{facts.Component.Name} has not been checked recently from an online location: the last probe result is from {at} UTC.",
            last, ServiceStatus.Unknown);
    }

    private static void AddDisagreement(ComponentFacts facts, ServiceStatus probe, ServiceStatus vendor, List<Evidence> evidence)
    {
        if (facts.Vendor is null || probe == ServiceStatus.Unknown)
        {
            return;
        }

        if (probe.Severity() >= ServiceStatus.PartialOutage.Severity() && vendor == ServiceStatus.Operational)
        {
            evidence.Add(new Evidence(EvidenceSource.Official,
                $"Not yet acknowledged by the provider: its status page still says operational for {facts.Component.Name}.",
                facts.Vendor.Evidence.At, ServiceStatus.Unknown));
        }
        else if (IsProblem(vendor) && probe == ServiceStatus.Operational)
        {
            evidence.Add(new Evidence(EvidenceSource.Probes,
                $"Our probes of {facts.Component.Name} still answer normally, but the provider reports a problem.",
                facts.Vendor.Evidence.At, ServiceStatus.Unknown));
        }
    }
}
