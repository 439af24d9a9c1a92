namespace Downwatch.Domain.Status;

/// <summary>The independent evidence a diagnosis rests on, for one component or one whole service.</summary>
/// <param name="Status">The status already decided from that evidence.</param>
/// <param name="ProbeProblem">Our probes see a problem (errors, failures or slowness).</param>
/// <param name="ProbeQuorum">They see it at a quorum: half or more of the locations online now, and at least two.</param>
/// <param name="ProbesHealthy">Our probes answer normally from at least one location.</param>
/// <param name="OnlineLocations">Locations online now whose results count.</param>
/// <param name="VendorProblem">The provider's fresh read reports a problem.</param>
/// <param name="VendorOperational">The provider's fresh read says operational.</param>
/// <param name="VendorLastReported">The provider's feed is stale and its last read reported a problem.</param>
/// <param name="ReportSpike">Users report problems well above the usual level.</param>
public sealed record DiagnosisFacts(
    ServiceStatus Status,
    bool ProbeProblem,
    bool ProbeQuorum,
    bool ProbesHealthy,
    int OnlineLocations,
    bool VendorProblem,
    bool VendorOperational,
    bool VendorLastReported,
    bool ReportSpike)
{
    public bool ProbesKnown => ProbeProblem || ProbesHealthy;
    public bool ProviderSaysProblem => VendorProblem || VendorLastReported;
}

/// <summary>One row of the diagnosis table: when it applies, what it concludes, and how sure.</summary>
public sealed record DiagnosisRule(
    string When,
    Diagnosis Diagnosis,
    string ConfidenceRule,
    Func<DiagnosisFacts, bool> Applies,
    Func<DiagnosisFacts, Confidence> Confidence);

/// <summary>
/// "Is it me or them?" decided by the first row of <see cref="Table"/> that applies. "Not you" (a global outage)
/// needs a quorum of online locations, or our probes and the provider agreeing; the provider alone, or one location
/// alone, never says it. The methodology page prints this very table.
/// </summary>
public static class DiagnosisRules
{
    public static readonly IReadOnlyList<DiagnosisRule> Table =
    [
        new("Nothing fresh: no probe result from an online location, no provider read, no report spike.",
            Diagnosis.Inconclusive, "low",
            f => f.Status == ServiceStatus.Unknown, _ => Confidence.Low),
        new("The provider announces maintenance for this time.",
            Diagnosis.PartialIncident, "medium",
            f => f.Status == ServiceStatus.Maintenance, _ => Confidence.Medium),
        new("Major outage, and our probes fail at a quorum of online locations (half or more, at least two).",
            Diagnosis.GlobalOutage, "high when the provider or a spike of user reports agrees, else medium",
            f => f.Status == ServiceStatus.MajorOutage && f.ProbeProblem && f.ProbeQuorum,
            f => f.VendorProblem || f.ReportSpike ? Confidence.High : Confidence.Medium),
        new("Major outage, our probes fail (even at one location) and the provider reports a problem too: two independent sources agree.",
            Diagnosis.GlobalOutage, "high",
            f => f.Status == ServiceStatus.MajorOutage && f.ProbeProblem && f.VendorProblem, _ => Confidence.High),
        new("Only the provider reports a problem; our probes answer normally. Shown as the provider's word beside our measurements (it may see what our probes cannot, such as inference).",
            Diagnosis.Inconclusive, "medium",
            f => f.ProviderSaysProblem && !f.ProbeProblem && f.ProbesHealthy, _ => Confidence.Medium),
        new("Only the provider reports a problem; we do not probe this part.",
            Diagnosis.PartialIncident, "medium (low when its feed is stale and this is its last report)",
            f => f.ProviderSaysProblem && !f.ProbeProblem,
            f => f.VendorProblem ? Confidence.Medium : Confidence.Low),
        new("Only users report problems; our probes and the provider do not (at most Degraded).",
            Diagnosis.Inconclusive, "low",
            f => f.ReportSpike && !f.ProbeProblem && !f.ProviderSaysProblem, _ => Confidence.Low),
        new("Our probes see a problem at one location only, or the problem is not at a quorum: probably the provider, not certain.",
            Diagnosis.PartialIncident, "low, medium with a spike of user reports",
            f => f.ProbeProblem && !f.ProbeQuorum && !f.VendorProblem,
            f => f.ReportSpike ? Confidence.Medium : Confidence.Low),
        new("A partial outage or degradation our probes see at a quorum, or that they and the provider both see.",
            Diagnosis.PartialIncident, "high when the provider agrees, else medium; a spike of user reports adds one step",
            f => f.ProbeProblem,
            f => f.VendorProblem ? Confidence.High : f.ReportSpike ? Confidence.High : Confidence.Medium),
        new("Operational: our probes answer normally from online locations, the provider reports no problem and user reports are at their usual level — the failure you see is most likely on your side.",
            Diagnosis.LocalIssue, "high when the provider also says operational, medium with two or more online locations, else low (also when every location with results has gone offline since)",
            f => f.Status == ServiceStatus.Operational && f.ProbesHealthy && !f.ProviderSaysProblem && !f.ReportSpike,
            f => f.OnlineLocations == 0 ? Confidence.Low
                : f.VendorOperational ? Confidence.High
                : f.OnlineLocations >= 2 ? Confidence.Medium
                : Confidence.Low),
        new("Anything else: signals are missing or disagree.",
            Diagnosis.Inconclusive, "low",
            _ => true, _ => Confidence.Low),
    ];

    public static (Diagnosis Diagnosis, Confidence Confidence, int Row) Decide(DiagnosisFacts facts)
    {
        for (var i = 0; i < Table.Count; i++)
        {
            if (Table[i].Applies(facts))
            {
                return (Table[i].Diagnosis, Table[i].Confidence(facts), i + 1);
            }
        }

        throw new InvalidOperationException("The last row of the diagnosis table applies to everything.");
    }

    /// <summary>The facts of a set of components (one, or all of a service).</summary>
    public static DiagnosisFacts Facts(ServiceStatus status, IReadOnlyList<ComponentFacts> components, bool reportSpike) =>
        new(status,
            ProbeProblem: components.Any(c => ComponentRules.IsProblem(c.Probe.Status)),
            ProbeQuorum: components.Any(c => ComponentRules.IsProblem(c.Probe.Status) && c.Probe.Quorum),
            ProbesHealthy: components.Any(c => c.Probe.Status == ServiceStatus.Operational),
            OnlineLocations: components.Count == 0 ? 0 : components.Max(c => c.Probe.OnlineLocations),
            VendorProblem: components.Any(c => c.Vendor is { Stale: false } v && ComponentRules.IsProblem(v.Status)),
            VendorOperational: components.Any(c => c.Vendor is { Stale: false, Status: ServiceStatus.Operational }),
            VendorLastReported: components.Any(c => c.Vendor is { Stale: true } v && ComponentRules.IsProblem(v.Status)),
            ReportSpike: reportSpike);
}
