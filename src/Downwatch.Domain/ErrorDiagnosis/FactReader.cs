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

    private static readonly string[] RetryPhrases = ["retry after ", "try again in ", "retrying in ", "retry in ", "please wait "];
    private static readonly string[] ModelPhrases = ["model `", "model '", "model \"", "models/"];

    public static ExtractedFacts Read(string text, List<TextField> fields)
    {
        string? requestId = null, retryAfter = null, model = null;
        List<KeyValuePair<string, string>>? rateLimits = null;
        foreach (var f in fields)
        {
            var key = f.Key.ToLowerInvariant();
            if (requestId is null && (key.EndsWith("request_id", StringComparison.Ordinal) || key.EndsWith("requestid", StringComparison.Ordinal)
                || key.EndsWith("request-id", StringComparison.Ordinal) || key is "sid" or "log_id" or "trace_id"))
            {
                requestId = Clip(f.Value);
            }
            else if (retryAfter is null && key is "retry-after" or "retry_after" or "retryafter" or "retrydelay" or "retry-after-ms")
            {
                retryAfter = Clip(f.Value) + (f.IsNumber && key != "retry-after-ms" ? " s" : key == "retry-after-ms" ? " ms" : "");
            }
            else if (model is null && key is "model" or "modelid" or "model_id" or "model_name" or "deployment" && f.Value.Length > 1 && !f.Value.Contains(' ', StringComparison.Ordinal))
            {
                model = Clip(f.Value);
            }
            else if ((key.StartsWith("x-ratelimit-", StringComparison.Ordinal) || key.StartsWith("anthropic-ratelimit-", StringComparison.Ordinal)
                || key.StartsWith("ratelimit-", StringComparison.Ordinal)) && (rateLimits?.Count ?? 0) < MaxRateLimitHeaders)
            {
                (rateLimits ??= []).Add(new KeyValuePair<string, string>(key, Clip(f.Value)));
            }
        }

        requestId ??= Token(text, "req_");
        retryAfter ??= RetryFromText(text);
        model ??= ModelFromText(text);
        return requestId is null && retryAfter is null && model is null && rateLimits is null
            ? ExtractedFacts.None
            : new ExtractedFacts(requestId, retryAfter, model, (IReadOnlyList<KeyValuePair<string, string>>?)rateLimits ?? []);
    }

    private static string? RetryFromText(string text)
    {
        foreach (var phrase in RetryPhrases)
        {
            var at = text.IndexOf(phrase, StringComparison.OrdinalIgnoreCase);
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
            var unit = text.AsSpan(i).TrimStart(' ');
            return unit.StartsWith("ms", StringComparison.OrdinalIgnoreCase) ? number + " ms"
                : unit.StartsWith("m", StringComparison.OrdinalIgnoreCase) && !unit.StartsWith("ms", StringComparison.OrdinalIgnoreCase) ? number + " min"
                : number + " s";
        }

        return null;
    }

    private static string? ModelFromText(string text)
    {
        foreach (var phrase in ModelPhrases)
        {
            var at = text.IndexOf(phrase, StringComparison.OrdinalIgnoreCase);
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
                return text[start..i];
            }
        }

        return null;
    }

    /// <summary>A token that starts with <paramref name="prefix"/> (such as Anthropic's <c>req_…</c> ids).</summary>
    private static string? Token(string text, string prefix)
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

        return i - at > prefix.Length + 4 ? text[at..i] : null;
    }

    private static string Clip(string value) => value.Length <= MaxFactLength ? value : value[..MaxFactLength];
}
