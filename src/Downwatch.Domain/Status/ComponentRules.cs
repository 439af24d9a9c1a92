using System.Globalization;

namespace Downwatch.Domain.Status;

/// <summary>Combines probes (primary) and the vendor's word (secondary) for one component.</summary>
public static class ComponentRules
{
    /// <summary>Probes are primary: the component's status is theirs, raised by the provider's word when it reports
    /// worse (it may see what our probes cannot), and then the evidence says that our probes disagree. A provider
    /// read that is stale counts only as what it last reported, and only when it reported a problem.</summary>
    public static ComponentAssessment Assess(string service, ComponentFacts facts, DateTimeOffset now)
    {
        var probe = facts.Probe.Status;
        var vendor = facts.Vendor?.Status ?? ServiceStatus.Unknown;
        // A stale feed's last report stays in the evidence, but does not outvote probes that answer normally now.
        var counted = facts.Vendor is { Stale: true } && probe == ServiceStatus.Operational ? ServiceStatus.Unknown : vendor;
        var evidence = new List<Evidence>(facts.Probe.Evidence);
        if (facts.Vendor is not null)
        {
            evidence.Add(facts.Vendor.Evidence);
        }

        var status = counted == ServiceStatus.Maintenance ? ServiceStatus.Maintenance : StatusVocabulary.Worst(probe, counted);
        if (status == ServiceStatus.Unknown)
        {
            evidence.Add(NotChecked(facts));
        }

        AddDisagreement(facts, probe, vendor, evidence);
        var (diagnosis, confidence, _) = DiagnosisRules.Decide(DiagnosisRules.Facts(status, [facts], reportSpike: false));
        return new ComponentAssessment(service, facts.Component.Slug, status, diagnosis, confidence, evidence, now);
    }

    public static bool IsProblem(ServiceStatus status) => status.Severity() >= ServiceStatus.Maintenance.Severity();

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
        else if (IsProblem(vendor) && vendor != ServiceStatus.Maintenance && probe == ServiceStatus.Operational)
        {
            var word = facts.Vendor.Stale ? "last reported" : "reports";
            evidence.Add(new Evidence(EvidenceSource.Probes,
                $"The provider {word} {vendor.Title().ToLowerInvariant()} of {facts.Component.Name}; our probes of it still answer normally, so this status is the provider's word, not our measurement.",
                facts.Vendor.Evidence.At, ServiceStatus.Unknown));
        }
    }
}
