namespace Downwatch.Domain.Catalog;

/// <summary>The closed vocabularies of the catalog, with the titles pages show.</summary>
public static class ServiceCategories
{
    public static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string>
    {
        ["llm-api"] = "LLM APIs",
        ["chat-app"] = "Chat apps",
        ["image-video"] = "Image and video",
        ["speech"] = "Speech and voice",
        ["coding-assistant"] = "Coding assistants",
        ["cloud-ai-platform"] = "Cloud AI platforms",
        ["router-gateway"] = "Routers and gateways",
        ["inference-platform"] = "Inference platforms",
        ["search-assistant"] = "AI search",
    };

    public static string Title(string slug) => Titles.TryGetValue(slug, out var t) ? t : slug;
}

public static class CatalogVocabulary
{
    public static readonly IReadOnlySet<string> StatusFormats = new HashSet<string>(StringComparer.Ordinal)
    {
        "statuspage", "incidentio", "google-cloud", "betterstack", "instatus", "rss", "atom",
        "aws-health", "azure-rss", "flashduty", "datadog", "custom", "unknown",
    };

    public static readonly IReadOnlySet<string> ComponentKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "api", "web", "console", "login", "mobile", "other",
    };

    public static readonly IReadOnlySet<string> ProbeMethods = new HashSet<string>(StringComparer.Ordinal)
    {
        "GET", "HEAD", "POST",
    };

    public static readonly IReadOnlySet<string> ErrorSides = new HashSet<string>(StringComparer.Ordinal)
    {
        "user", "provider", "either",
    };

    /// <summary>Kinds of <see cref="ServiceIdentifier"/>: how the literal appears in an error text.</summary>
    public static readonly IReadOnlySet<string> IdentifierKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "host", "key-prefix", "sdk", "name", "model", "shape",
    };

    public static readonly IReadOnlySet<string> SignatureKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "code", "message", "status", "exception", "header", "transport",
    };
}
