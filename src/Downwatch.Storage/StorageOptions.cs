using System.ComponentModel.DataAnnotations;

namespace Downwatch.Storage;

/// <summary>Where Downwatch keeps its data. Section "Storage" of the configuration.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Database engine: "sqlite" (the default, embedded, one process) or "postgres" (the connection string in
    /// ConnectionStrings:Postgres; several nodes may share it).</summary>
    [Required]
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Storage:Provider must be 'sqlite' or 'postgres'.")]
    public string Provider { get; set; } = "sqlite";

    public bool IsPostgres => Provider == "postgres";

    /// <summary>Path of the SQLite database file.</summary>
    [Required]
    public string SqlitePath { get; set; } = "data/downwatch.db";

    /// <summary>Raw probe results and location checks are deleted after this many days, once rolled up.</summary>
    [Range(1, 3650)]
    public int ProbeRetentionDays { get; set; } = 14;

    /// <summary>Hourly probe rollups (counts, failure kinds, latency histogram per endpoint and location) are kept this long.</summary>
    [Range(29, 3650)]
    public int HourlyRetentionDays { get; set; } = 35;

    /// <summary>A PKCS#12 (.pfx) file whose certificate encrypts the Data Protection key ring before it is stored in the
    /// database (the ring's keys encrypt provider API keys). Unset, the ring is stored as Data Protection writes it, and a
    /// copy of the database is enough to read the provider keys. Every node needs the same file.</summary>
    public string? KeyRingCertificate { get; set; }

    /// <summary>The password of <see cref="KeyRingCertificate"/>, if it has one (an environment variable suits it best:
    /// <c>Storage__KeyRingCertificatePassword</c>).</summary>
    public string? KeyRingCertificatePassword { get; set; }

    /// <summary>Daily probe rollups are kept this long.</summary>
    [Range(1, 36500)]
    public int DailyRetentionDays { get; set; } = 400;
}
