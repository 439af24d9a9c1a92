namespace Downwatch.Domain.Status;

public enum EvidenceSource
{
    Probes,
    Official,
    Reports,
    Freshness,

    /// <summary>What an operator of this site said: maintenance, a status set by hand, a silenced probe.</summary>
    Operator,
}

/// <summary>
/// One plain sentence that explains part of an assessment. <see cref="At"/> is the time of the newest
/// observation the sentence rests on (null for statements about absence, such as "not checked yet").
/// <see cref="Supports"/> is the worst status this sentence alone can justify.
/// </summary>
public sealed record Evidence(EvidenceSource Source, string Text, DateTimeOffset? At, ServiceStatus Supports);
