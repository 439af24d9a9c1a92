using System.ComponentModel.DataAnnotations;

namespace Downwatch.Probing.Inference;

/// <summary>Section "Probing:Inference": how often models are asked and the bounds every streamed generation runs within.</summary>
public sealed class InferenceProbeOptions
{
    public const string Section = "Probing:Inference";

    /// <summary>Send inference probes from this process when provider keys are stored.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Shortest time between two probes of one model with one key (a key's daily budget can make it longer).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The whole generation — connect, headers, every event — must finish within this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The first token of content must come within this after the request is sent.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan FirstTokenTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After the first token, a stream that sends nothing for this long has stalled.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>At most this many bytes of a stream are read.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxStreamBytes { get; set; } = 256 * 1024;

    /// <summary>One server-sent event (all its lines) may be at most this large.</summary>
    [Range(256, 1024 * 1024)]
    public int MaxEventBytes { get; set; } = 64 * 1024;

    /// <summary>How often stored keys and their models are read again.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan ReloadEvery { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Generations in flight at once.</summary>
    [Range(1, 1024)]
    public int MaxConcurrency { get; set; } = 32;
}
