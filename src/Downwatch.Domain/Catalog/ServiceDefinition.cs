namespace Downwatch.Domain.Catalog;

/// <summary>An AI service as described in catalog/services.yaml.</summary>
public sealed class ServiceDefinition : ICatalogEntry
{
    public string Slug { get; init => field = value ?? ""; } = "";
    public string Name { get; init => field = value ?? ""; } = "";
    public string Company { get; init => field = value ?? ""; } = "";
    public string Category { get; init => field = value ?? ""; } = "";
    public string Region { get; init => field = value ?? ""; } = "";
    public string Homepage { get; init => field = value ?? ""; } = "";
    public string? Description { get; init; }
    public StatusPageDefinition? StatusPage { get; init; }

    /// <summary>How to ask this service's models for a generation; null when Downwatch cannot (yet).</summary>
    public InferenceDefinition? Inference { get; init; }
    public List<ComponentDefinition> Components { get; init => field = value ?? []; } = [];
    public List<string> Unconfirmed { get; init => field = value ?? []; } = [];
    public List<string> Sources { get; init => field = value ?? []; } = [];

    /// <summary>What in an error text tells that it came from this service (hosts, key prefixes, SDK names, …).</summary>
    public List<ServiceIdentifier> Identifiers { get; init => field = value ?? []; } = [];

    public string CategoryTitle => ServiceCategories.Title(Category);

    public ComponentDefinition? FindComponent(string slug) =>
        Components.FirstOrDefault(c => c.Slug == slug);
}

public sealed class StatusPageDefinition : ICatalogEntry
{
    public string Url { get; init => field = value ?? ""; } = "";
    public string Format { get; init => field = value ?? ""; } = "";
    public string? FeedUrl { get; init; }

    /// <summary>
    /// Vendor component (its id or its exact name on the status page) → our component slug. When present, only
    /// these vendor components speak for the service; when absent, vendor components are matched by name.
    /// </summary>
    public Dictionary<string, string> Components { get; init => field = value ?? new(StringComparer.Ordinal); } = new(StringComparer.Ordinal);

    public List<string> Unconfirmed { get; init => field = value ?? []; } = [];
}

/// <summary>
/// A literal that identifies the service when it appears in an error text: an API host name, a key prefix, an SDK
/// namespace, a product name, a model-name prefix, or the name of an error-body shape (see <c>ErrorShapes</c>).
/// </summary>
public sealed class ServiceIdentifier : ICatalogEntry
{
    public string Text { get; init => field = value ?? ""; } = "";
    public string Kind { get; init => field = value ?? ""; } = "";
    public List<string> Unconfirmed { get; init => field = value ?? []; } = [];
}

public sealed class ComponentDefinition : ICatalogEntry
{
    public string Slug { get; init => field = value ?? ""; } = "";
    public string Name { get; init => field = value ?? ""; } = "";
    public string Kind { get; init => field = value ?? ""; } = "";
    public List<ProbeEndpoint> Probes { get; init => field = value ?? []; } = [];
    public List<string> Unconfirmed { get; init => field = value ?? []; } = [];
}

public sealed class ProbeEndpoint : ICatalogEntry
{
    public const int DefaultIntervalSeconds = 180;

    public string Url { get; init => field = value ?? ""; } = "";
    public string Method { get; init; } = "GET";
    public List<int> Expect { get; init => field = value ?? []; } = [];
    public string? ExpectError { get; init; }
    public int IntervalSeconds { get; init; } = DefaultIntervalSeconds;

    /// <summary>How long a correct answer usually takes, in ms: what "slow" is measured against until the endpoint
    /// has a learned baseline (a cold start). Optional; <see cref="DefaultExpectedLatencyMs"/> when absent.</summary>
    public int? ExpectedLatencyMs { get; init; }

    public const int DefaultExpectedLatencyMs = 1000;

    public int ExpectedLatency => ExpectedLatencyMs ?? DefaultExpectedLatencyMs;

    /// <summary>Literal strings the body must contain for the answer to count as right.</summary>
    public List<string> BodyContains { get; init => field = value ?? []; } = [];

    /// <summary>Dot paths (e.g. <c>error.type</c>) that must exist in a JSON body.</summary>
    public List<string> JsonPaths { get; init => field = value ?? []; } = [];
    public List<string> Unconfirmed { get; init => field = value ?? []; } = [];

    /// <summary>Stable identity of the endpoint inside its component.</summary>
    public string Id => $"{Method} {Url}";
}

/// <summary>Any catalog object that can mark some of its own fields as unconfirmed.</summary>
public interface ICatalogEntry
{
    List<string> Unconfirmed { get; }
}

public static class CatalogEntryExtensions
{
    public static bool IsUnconfirmed(this ICatalogEntry entry, string field) =>
        entry.Unconfirmed.Contains(field, StringComparer.Ordinal);
}
