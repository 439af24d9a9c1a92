namespace Downwatch.Domain.Catalog;

/// <summary>
/// A gateway or proxy that passes an upstream provider's error on inside its own wording (OpenRouter's "Provider
/// returned error", LiteLLM's <c>litellm.</c> exceptions, one-api/new-api's <c>new_api_error</c>). Diagnosis names the
/// gateway and, where the text shows it, the upstream provider. <see cref="Service"/> is the catalog service the
/// gateway is (OpenRouter), or null for self-hosted gateway software that is not a monitored service (LiteLLM).
/// </summary>
public sealed class GatewayDefinition : ICatalogEntry
{
    public string Name { get; init => field = value ?? ""; } = "";
    public string? Service { get; init; }

    /// <summary>Literals only this gateway's errors carry, matched in any case.</summary>
    public List<string> Markers { get; init => field = value ?? []; } = [];
    public List<string> Unconfirmed { get; init => field = value ?? []; } = [];
}
