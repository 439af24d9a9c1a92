using System.ComponentModel.DataAnnotations;

namespace Downwatch.Web.Reports;

/// <summary>
/// Settings of the optional proof of work on report submissions (section "Reports:ProofOfWork"): the page carries a
/// signed challenge and the browser must find a nonce whose SHA-256 with it starts with <see cref="Difficulty"/> zero bits.
/// </summary>
internal sealed class ProofOfWorkOptions
{
    /// <summary>Off by default: reports are then accepted without any work.</summary>
    public bool Enabled { get; set; }

    /// <summary>Leading zero bits the hash must have; each bit doubles the expected work (14 ≈ 16,000 hashes).</summary>
    [Range(1, 32)]
    public int Difficulty { get; set; } = 14;

    /// <summary>How long a challenge stays valid after the page was served.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Key that signs challenges; drawn at start when unset (then challenges do not survive a restart).</summary>
    public string? Secret { get; set; }

    /// <summary>Used challenges remembered (until they expire) so that each counts once; beyond this, new ones wait.</summary>
    [Range(1_000, 10_000_000)]
    public int MaxRemembered { get; set; } = 200_000;
}
