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
    private static readonly int[] RetryAnchors = [.. RetryPhrases.Select(Anchor)];
    private static readonly int[] ModelAnchors = [.. ModelPhrases.Select(Anchor)];

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
        for (var p = 0; p < RetryPhrases.Length; p++)
        {
            var phrase = RetryPhrases[p];
            var at = IndexOfIgnoreCase(text, phrase, RetryAnchors[p]);
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
        for (var p = 0; p < ModelPhrases.Length; p++)
        {
            var phrase = ModelPhrases[p];
            var at = IndexOfIgnoreCase(text, phrase, ModelAnchors[p]);
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
    /// vectorised search for the phrase's rarest letter (<see cref="Anchor"/>) in either case rather than a
    /// character-by-character scan, so a message is crossed in a few vector steps per phrase.
    /// </summary>
    private static int IndexOfIgnoreCase(ReadOnlySpan<char> text, string phrase, int anchor)
    {
        if (anchor < 0)
        {
            return text.IndexOf(phrase, StringComparison.OrdinalIgnoreCase);
        }

        var upper = char.ToUpperInvariant(phrase[anchor]);
        var lower = char.ToLowerInvariant(phrase[anchor]);
        var tail = phrase.Length - anchor;
        for (var from = anchor; from + tail <= text.Length;)
        {
            var found = text[from..(text.Length - tail + 1)].IndexOfAny(lower, upper);
            if (found < 0)
            {
                return -1;
            }

            var at = from + found - anchor;
            var j = 0;
            while (j < phrase.Length && char.ToUpperInvariant(text[at + j]) == char.ToUpperInvariant(phrase[j]))
            {
                j++;
            }

            if (j == phrase.Length)
            {
                return at;
            }

            from += found + 1;
        }

        return -1;
    }

    /// <summary>
    /// Rarest first, in English prose and error texts. 'i' and 's' are left out: 'ı' and 'ſ' upper-case to them, so
    /// a search for either case of them alone would miss matches that an ignore-case comparison finds.
    /// </summary>
    private const string Rarity = "`qjzxvkwybgpfmucdlhrnotae/'\" ";

    /// <summary>Position of the phrase's rarest character (by <see cref="Rarity"/>) to search for first; -1 when none ranks.</summary>
    private static int Anchor(string phrase)
    {
        var best = -1;
        var bestRank = int.MaxValue;
        for (var j = 0; j < phrase.Length; j++)
        {
            var rank = Rarity.IndexOf(char.ToLowerInvariant(phrase[j]), StringComparison.Ordinal);
            if (rank >= 0 && rank < bestRank)
            {
                (best, bestRank) = (j, rank);
            }
        }

        return best;
    }

    private static string Clip(ReadOnlySpan<char> value) => (value.Length <= MaxFactLength ? value : value[..MaxFactLength]).ToString();
}
