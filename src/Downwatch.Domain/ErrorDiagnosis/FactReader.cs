namespace Downwatch.Domain.ErrorDiagnosis;

/// <summary>
/// Reads the facts a developer needs next: the request id (for support), when to retry, the model involved, and
/// rate-limit headers. Fields are preferred; a few fixed phrases ("retry after 7 seconds", "model `gpt-4`",
/// "models/gemini-pro:") cover plain-text messages. Plain string search only: nothing here can backtrack.
/// </summary>
internal static class FactReader
{
    private const int MaxRateLimitHeaders = 12;
    private const int MaxFactLength = 120;
    private const int MaxStackKey = 256;

    private static readonly string[] RetryPhrases = ["retry after ", "try again in ", "retrying in ", "retry in ", "please wait "];
    private static readonly string[] ModelPhrases = ["model `", "model '", "model \"", "models/"];

    public static ExtractedFacts Read(ReadOnlySpan<char> text, TextFieldSet fields)
    {
        string? requestId = null, retryAfter = null, model = null;
        List<KeyValuePair<string, string>>? rateLimits = null;
        Span<char> lowered = stackalloc char[MaxStackKey];
        for (var k = 0; k < fields.Count; k++)
        {
            var f = fields[k];
            ReadOnlySpan<char> key = f.Key.Length <= MaxStackKey ? lowered[..f.Key.ToLowerInvariant(lowered)] : f.Key.ToString().ToLowerInvariant();
            if (requestId is null && (key.EndsWith("request_id", StringComparison.Ordinal) || key.EndsWith("requestid", StringComparison.Ordinal)
                || key.EndsWith("request-id", StringComparison.Ordinal) || key is "sid" or "log_id" or "trace_id"))
            {
                requestId = Clip(f.Value);
            }
            else if (retryAfter is null && key is "retry-after" or "retry_after" or "retryafter" or "retrydelay" or "retry-after-ms")
            {
                retryAfter = Clip(f.Value) + (f.IsNumber && key is not "retry-after-ms" ? " s" : key is "retry-after-ms" ? " ms" : "");
            }
            else if (model is null && key is "model" or "modelid" or "model_id" or "model_name" or "deployment" && f.Value.Length > 1 && !f.Value.Contains(' '))
            {
                model = Clip(f.Value);
            }
            else if ((key.StartsWith("x-ratelimit-", StringComparison.Ordinal) || key.StartsWith("anthropic-ratelimit-", StringComparison.Ordinal)
                || key.StartsWith("ratelimit-", StringComparison.Ordinal)) && (rateLimits?.Count ?? 0) < MaxRateLimitHeaders)
            {
                (rateLimits ??= []).Add(new KeyValuePair<string, string>(key.ToString(), Clip(f.Value)));
            }
        }

        requestId ??= Token(text, "req_");
        retryAfter ??= RetryFromText(text);
        model ??= ModelFromText(text);
        return requestId is null && retryAfter is null && model is null && rateLimits is null
            ? ExtractedFacts.None
            : new ExtractedFacts(requestId, retryAfter, model, (IReadOnlyList<KeyValuePair<string, string>>?)rateLimits ?? []);
    }

    private static string? RetryFromText(ReadOnlySpan<char> text)
    {
        foreach (var phrase in RetryPhrases)
        {
            var at = IndexOfIgnoreCase(text, phrase);
            if (at < 0)
            {
                continue;
            }

            var i = at + phrase.Length;
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (i == start)
            {
                continue;
            }

            var number = text[start..i].TrimEnd('.');
            var unit = text[i..].TrimStart(' ');
            return string.Concat(number, unit.StartsWith("ms", StringComparison.OrdinalIgnoreCase) ? " ms"
                : unit.StartsWith("m", StringComparison.OrdinalIgnoreCase) && !unit.StartsWith("ms", StringComparison.OrdinalIgnoreCase) ? " min"
                : " s");
        }

        return null;
    }

    private static string? ModelFromText(ReadOnlySpan<char> text)
    {
        foreach (var phrase in ModelPhrases)
        {
            var at = IndexOfIgnoreCase(text, phrase);
            if (at < 0)
            {
                continue;
            }

            var start = at + phrase.Length;
            var i = start;
            while (i < text.Length && i - start < MaxFactLength && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '-' or '.' or '_' or '/' or '@'))
            {
                i++;
            }

            if (i - start > 1)
            {
                return text[start..i].ToString();
            }
        }

        return null;
    }

    /// <summary>A token that starts with <paramref name="prefix"/> (such as Anthropic's <c>req_…</c> ids).</summary>
    private static string? Token(ReadOnlySpan<char> text, string prefix)
    {
        var at = text.IndexOf(prefix, StringComparison.Ordinal);
        if (at < 0 || (at > 0 && char.IsAsciiLetterOrDigit(text[at - 1])))
        {
            return null;
        }

        var i = at + prefix.Length;
        while (i < text.Length && i - at < MaxFactLength && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
        {
            i++;
        }

        return i - at > prefix.Length + 4 ? text[at..i].ToString() : null;
    }

    /// <summary>
    /// The first place <paramref name="phrase"/> (ASCII) occurs in <paramref name="text"/>, ignoring case exactly as
    /// <see cref="StringComparison.OrdinalIgnoreCase"/> does (each character compared upper-cased), but found by a
    /// vectorised search for the phrase's first letter in either case rather than a character-by-character scan.
    /// The first letter of every phrase here has no non-ASCII character that upper-cases to it.
    /// </summary>
    private static int IndexOfIgnoreCase(ReadOnlySpan<char> text, string phrase)
    {
        var first = phrase[0];
        var upper = char.ToUpperInvariant(first);
        var lower = char.ToLowerInvariant(first);
        for (var from = 0; from + phrase.Length <= text.Length;)
        {
            var found = text[from..(text.Length - phrase.Length + 1)].IndexOfAny(lower, upper);
            if (found < 0)
            {
                return -1;
            }

            var at = from + found;
            var j = 1;
            while (j < phrase.Length && char.ToUpperInvariant(text[at + j]) == char.ToUpperInvariant(phrase[j]))
            {
                j++;
            }

            if (j == phrase.Length)
            {
                return at;
            }

            from = at + 1;
        }

        return -1;
    }

    private static string Clip(ReadOnlySpan<char> value) => (value.Length <= MaxFactLength ? value : value[..MaxFactLength]).ToString();
}
