using System.Text.Json;

namespace Downwatch.Probing.Inference;

/// <summary>
/// One provider wire format for a streamed generation, one shape each (like the feed adapters): how to ask for the
/// probe prompt, and how to read one event of the answer. Transport, timing and judging stay in <see cref="InferenceProbe"/>.
/// </summary>
internal interface IWireFormat
{
    /// <summary>The name the catalog uses (<c>inference.format</c>).</summary>
    string Name { get; }

    /// <summary>The request for a streamed generation of the probe prompt (URL, key header, JSON body), carrying
    /// <paramref name="credential"/>: the key itself, or the token it was traded for (<see cref="ITokenExchange"/>).</summary>
    HttpRequestMessage CreateRequest(InferenceSpec spec, ApiSecret credential);

    /// <summary>Reads one event into <paramref name="reading"/>.</summary>
    /// <exception cref="JsonException">The event's data is not the JSON this format sends.</exception>
    void Read(SseEvent sse, StreamReading reading);
}

/// <summary>The wire formats Downwatch speaks.</summary>
internal static class WireFormats
{
    public static readonly IReadOnlyList<IWireFormat> All = [
        new OpenAiChatFormat(), new AnthropicMessagesFormat(), new GeminiStreamFormat(), new QianfanErnieFormat(), new SenseNovaChatFormat(),
    ];

    public static IWireFormat? Find(string name) => All.FirstOrDefault(f => f.Name == name);

    public static readonly JsonDocumentOptions Json = new() { MaxDepth = 32 };

    /// <summary>Parses one event's data as a JSON object, refusing anything else.</summary>
    public static JsonDocument Object(string data)
    {
        var document = JsonDocument.Parse(data, Json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new JsonException("the event data is not a JSON object");
        }

        return document;
    }

    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static int? Int(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null;

    public static JsonElement Child(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) ? v : default;

    /// <summary>Whether the event is the <c>[DONE]</c> end marker (and the reading then ended).</summary>
    public static bool Done(SseEvent sse, StreamReading reading) => reading.Ended |= sse.Data.Trim() == "[DONE]";

    public static Uri Endpoint(string baseUrl, string path) => new(baseUrl.TrimEnd('/') + path);
}
