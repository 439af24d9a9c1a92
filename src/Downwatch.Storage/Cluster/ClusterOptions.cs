using System.ComponentModel.DataAnnotations;

namespace Downwatch.Storage.Cluster;

/// <summary>Section "Cluster": how the nodes sharing one database agree on a leader.</summary>
public sealed class ClusterOptions : IValidatableObject
{
    public const string Section = "Cluster";

    /// <summary>This node's name in logs and in the lease (default: host name and process id).</summary>
    [Required]
    public string NodeName { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>How long a leader's lease lasts unless renewed: the longest time a dead leader's work waits for another node.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often every node tries to take or renew the lease.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan RenewEvery { get; set; } = TimeSpan.FromSeconds(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RenewEvery * 3 > LeaseTtl)
        {
            yield return new ValidationResult("Cluster:RenewEvery must be at most a third of Cluster:LeaseTtl, so a leader renews in time.",
                [nameof(RenewEvery), nameof(LeaseTtl)]);
        }
    }
}
