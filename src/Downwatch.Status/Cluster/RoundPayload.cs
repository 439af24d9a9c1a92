using System.Text.Json;
using System.Text.Json.Serialization;
using Downwatch.Domain.Status;

namespace Downwatch.Status.Cluster;

/// <summary>What the leader publishes for the other nodes after each round: every service's assessment and what changed.</summary>
public sealed record RoundPayload(IReadOnlyList<ServiceAssessment> Services, RoundChanges Changes)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a published round; the assessments' own checks run again, so a round whose statuses its evidence
    /// does not support is refused here too.</summary>
    public static RoundPayload FromJson(string json) =>
        JsonSerializer.Deserialize<RoundPayload>(json, Json) ?? throw new JsonException("A published status round is empty.");
}
