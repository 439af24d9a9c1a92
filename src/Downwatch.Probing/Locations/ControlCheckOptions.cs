using System.ComponentModel.DataAnnotations;

namespace Downwatch.Probing.Locations;

/// <summary>
/// Section "Probing:ControlChecks": how a location checks its own connectivity. It is online while at least one
/// name resolves and at least one URL answers at all (any HTTP status). While offline, its failures are not
/// evidence against any service.
/// </summary>
public sealed class ControlCheckOptions
{
    public const string Section = "Probing:ControlChecks";

    [MinLength(1)]
    public List<string> DnsNames { get; set; } = ["www.google.com", "www.cloudflare.com", "www.baidu.com"];

    [MinLength(1)]
    public List<string> Urls { get; set; } = ["https://www.google.com/generate_204", "https://www.cloudflare.com/cdn-cgi/trace", "https://www.baidu.com/"];

    [Range(typeof(TimeSpan), "00:00:10", "00:10:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>After a probe failure, an extra check runs no sooner than this after the previous one.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan MinimumGap { get; set; } = TimeSpan.FromSeconds(10);
}
