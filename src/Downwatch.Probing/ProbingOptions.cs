using System.ComponentModel.DataAnnotations;

namespace Downwatch.Probing;

/// <summary>Section "Probing": whether and how this process probes, and under which location name.</summary>
public sealed class ProbingOptions
{
    public const string Section = "Probing";

    /// <summary>What a probe location name may look like (also checked when an operator issues an agent token).</summary>
    public const string LocationPattern = "^[a-z0-9][a-z0-9-]{0,62}$";

    /// <summary>Probe the catalog from this process (serve) — off for a read-only web node.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Name of this probe location as pages show it.</summary>
    [Required]
    [RegularExpression(LocationPattern, ErrorMessage = "Probing:Location must be lower-case letters, digits and dashes.")]
    public string Location { get; set; } = "local";

    /// <summary>Probes in flight at once; a slow target holds one slot, never the schedule.</summary>
    [Range(1, 4096)]
    public int MaxConcurrency { get; set; } = 256;

    /// <summary>Confirm-before-flip: retry a failure that follows a success after <see cref="RetryDelay"/>.</summary>
    public bool RetryFailures { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}
