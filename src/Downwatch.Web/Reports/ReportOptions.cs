using System.ComponentModel.DataAnnotations;

namespace Downwatch.Web.Reports;

/// <summary>Settings of community reporting (section "Reports").</summary>
internal sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary>Report submissions one client may make per <see cref="PermitWindow"/>; more are answered 429.</summary>
    [Range(1, 10_000)]
    public int PermitsPerClient { get; set; } = 10;

    public TimeSpan PermitWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Bits of an IPv4 address that name one reporter (24: everyone in a /24 is one reporter).</summary>
    [Range(8, 32)]
    public int IPv4PrefixLength { get; set; } = 24;

    /// <summary>Bits of an IPv6 address that name one reporter (64: a /64, what one home or host is usually given).</summary>
    [Range(16, 128)]
    public int IPv6PrefixLength { get; set; } = 64;

    /// <summary>Key of the client fingerprint hash; set it so fingerprints stay the same across restarts.</summary>
    public string? FingerprintKey { get; set; }

    /// <summary>Optional proof of work asked of browsers before a report counts (off by default).</summary>
    public ProofOfWorkOptions ProofOfWork { get; set; } = new();
}
