using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Downwatch.Domain.Observations;

namespace Downwatch.Probing.Agent;

/// <summary>Section "Agent": the server this probe agent reports to and where it buffers results meanwhile.</summary>
public sealed class AgentOptions
{
    public const string Section = "Agent";

    [Required]
    public Uri? Server { get; set; }

    [Required]
    public string Token { get; set; } = "";

    /// <summary>Results wait here until the server has acknowledged them.</summary>
    [Required]
    public string BufferDirectory { get; set; } = "agent-buffer";

    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan UploadEvery { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan AssignmentEvery { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>What an agent sends: probe results (each with a unique id) and its control checks.</summary>
public sealed record AgentBatch(IReadOnlyList<ProbeObservation> Probes, IReadOnlyList<LocationCheck> Checks)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
