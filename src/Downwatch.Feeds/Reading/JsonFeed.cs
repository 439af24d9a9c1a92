using System.Text.Json;

namespace Downwatch.Feeds.Reading;

/// <summary>Tolerant reading of JSON feeds: a missing or mistyped field is absent, never an exception.</summary>
internal static class JsonFeed
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Parses a JSON body, refusing HTML pages, non-JSON content types and malformed or truncated JSON.</summary>
    public static JsonDocument Parse(FeedPayload payload, string format)
    {
        if (payload.LooksLikeHtml)
        {
            throw new FeedFormatException($"expected {format} JSON but the server sent an HTML page (content type '{payload.ContentType ?? "none"}')");
        }

        var media = payload.MediaType;
        if (media.Length > 0 && !media.Contains("json", StringComparison.Ordinal) && media is not ("text/plain" or "application/octet-stream"))
        {
            throw new FeedFormatException($"expected {format} JSON but the content type is '{payload.ContentType}'");
        }

        var utf8 = Utf8(payload);
        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span))
        {
            throw new FeedFormatException("the body is not valid UTF-8 text");
        }

        try
        {
            return JsonDocument.Parse(utf8, Options);
        }
        catch (JsonException e)
        {
            throw new FeedFormatException(
                $"malformed or truncated JSON at line {(e.LineNumber ?? 0) + 1}, byte {e.BytePositionInLine ?? 0}: {e.Message.Split(" LineNumber")[0]}", e);
        }
    }

    /// <summary>Parses without throwing, for recognition.</summary>
    public static JsonDocument? TryParse(FeedPayload payload)
    {
        if (payload.FirstChar is not ('{' or '['))
        {
            return null;
        }

        var utf8 = Utf8(payload);
        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(utf8, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The body as UTF-8 without a byte-order mark; a UTF-16 body (with its mark) is transcoded.</summary>
    private static ReadOnlyMemory<byte> Utf8(FeedPayload payload) => payload.Body switch
    {
        [0xEF, 0xBB, 0xBF, ..] => payload.Body.AsMemory(3),
        [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..] => System.Text.Encoding.UTF8.GetBytes(payload.Text.TrimStart('\uFEFF')),
        _ => payload.Body,
    };

    public static JsonElement? Obj(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    public static IEnumerable<JsonElement> Arr(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray()
            : [];

    public static bool Has(this JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out _);

    /// <summary>A string (or a number, written as text) cut to <paramref name="max"/> characters; null when absent or blank.</summary>
    public static string? Str(this JsonElement e, string name, int max = TextLimits.Short)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v))
        {
            return null;
        }

        var text = v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : TextLimits.Cut(text.Trim(), max);
    }

    public static DateTimeOffset? Date(this JsonElement e, string name) => FeedDates.Parse(e.Str(name));
}

/// <summary>How much of the vendor's text is kept.</summary>
internal static class TextLimits
{
    public const int Short = 512;
    public const int Long = 8000;

    public static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
