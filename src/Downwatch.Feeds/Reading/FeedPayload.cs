using System.Text;

namespace Downwatch.Feeds.Reading;

/// <summary>A fetched body with what the server said about it.</summary>
public sealed record FeedPayload(Uri Url, byte[] Body, string? ContentType)
{
    private string? _text;

    /// <summary>The body as text; a byte-order mark (UTF-8, UTF-16) decides the encoding, UTF-8 otherwise.</summary>
    public string Text => _text ??= Decode(Body);

    public string MediaType => (ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();

    /// <summary>The first non-blank character of the body, or '\0' for an empty one.</summary>
    public char FirstChar => Text.FirstOrDefault(c => !char.IsWhiteSpace(c) && c != '\uFEFF');

    /// <summary>An HTML page (an error page, a login wall) instead of a feed.</summary>
    public bool LooksLikeHtml =>
        MediaType is "text/html" or "application/xhtml+xml"
        || (FirstChar == '<' && Text.AsSpan(0, Math.Min(Text.Length, 512)).ToString().Contains("<html", StringComparison.OrdinalIgnoreCase))
        || Text.TrimStart().StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase);

    private static string Decode(byte[] body)
    {
        using var reader = new StreamReader(new MemoryStream(body), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}

/// <summary>A payload an adapter cannot read, with a message an operator can act on.</summary>
public sealed class FeedFormatException(string message, Exception? inner = null) : Exception(message, inner);
