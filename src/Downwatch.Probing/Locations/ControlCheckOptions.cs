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

    public static readonly string[] DefaultDnsNames = ["www.google.com", "www.cloudflare.com", "www.baidu.com"];

    public static readonly string[] DefaultUrls = ["https://www.google.com/generate_204", "https://www.cloudflare.com/cdn-cgi/trace", "https://www.baidu.com/"];

    /// <summary>Names to resolve; <see cref="DefaultDnsNames"/> when none are configured.</summary>
    public List<string> DnsNames { get; set; } = [];

    /// <summary>URLs to request; <see cref="DefaultUrls"/> when none are configured.</summary>
    public List<string> Urls { get; set; } = [];

    [Range(typeof(TimeSpan), "00:00:10", "00:10:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>After a probe failure, an extra check runs no sooner than this after the previous one.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan MinimumGap { get; set; } = TimeSpan.FromSeconds(10);
}
