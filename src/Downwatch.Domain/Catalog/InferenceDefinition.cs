namespace Downwatch.Domain.Catalog;

/// <summary>
/// How to ask a service's models for a streamed generation (catalog <c>inference:</c>): the wire format, the API base
/// URL and the component the results speak for. <see cref="Models"/> are the models probed when an operator's key
/// names none.
/// </summary>
public sealed class InferenceDefinition : ICatalogEntry
{
    /// <summary>The wire formats the inference probe speaks.</summary>
    public static readonly IReadOnlySet<string> Formats = new HashSet<string>(StringComparer.Ordinal)
    {
        "openai-chat", "anthropic-messages", "gemini-stream", "qianfan-ernie", "sensenova-chat",
    };

    public string Format { get; init => field = value ?? ""; } = "";
    public string BaseUrl { get; init => field = value ?? ""; } = "";
    public string Component { get; init => field = value ?? ""; } = "";
    public List<string> Models { get; init => field = value ?? []; } = [];
    public List<string> Unconfirmed { get; init => field = value ?? []; } = [];
}
