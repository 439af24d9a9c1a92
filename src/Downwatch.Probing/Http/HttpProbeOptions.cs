using System.ComponentModel.DataAnnotations;

namespace Downwatch.Probing.Http;

/// <summary>Section "Probing:Http": the bounds every HTTP probe runs within, whatever the upstream does.</summary>
public sealed class HttpProbeOptions
{
    public const string Section = "Probing:Http";

    /// <summary>Everything — DNS, connect, TLS, headers, body, redirects — must finish within this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>At most this many bytes of the body are read off the wire.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>At most this many bytes are produced by decompressing a body (decompression-bomb guard).</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxDecompressedBytes { get; set; } = 256 * 1024;

    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;

    [Required]
    public string UserAgent { get; set; } = "Downwatch-Probe/1.0 (+status monitoring)";

    /// <summary>Accept certificates that do not validate (still recorded). Only for private endpoints.</summary>
    public bool AllowUntrustedCertificates { get; set; }
}
