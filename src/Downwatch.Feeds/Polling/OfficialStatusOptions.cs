using System.ComponentModel.DataAnnotations;

namespace Downwatch.Feeds.Polling;

/// <summary>Section "OfficialStatus": how the vendors' status feeds are read.</summary>
public sealed class OfficialStatusOptions
{
    public const string Section = "OfficialStatus";

    /// <summary>Read the feeds at all (off for a site that must make no outbound requests).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often each feed is read.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Per-service overrides of <see cref="PollInterval"/> ("OfficialStatus:Intervals:openai=00:05:00"); a feed shared by
    /// several services is read at the shortest of their intervals.</summary>
    public Dictionary<string, TimeSpan> Intervals { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Longest one read may take, headers and body together.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Largest body read; Google Cloud's incidents.json is the biggest known feed (1.3 MB in 2022).</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>After failures a feed is read at its interval doubled per failure, up to this.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Wait before the one retry of a transient failure (5xx, 408, 429, connection error).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the loop looks for feeds that are due.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Tick { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Feeds read at the same time.</summary>
    [Range(1, 16)]
    public int Parallelism { get; set; } = 4;

    public TimeSpan IntervalFor(IEnumerable<string> services) =>
        services.Select(s => Intervals.TryGetValue(s, out var i) ? i : PollInterval).DefaultIfEmpty(PollInterval).Min();
}
