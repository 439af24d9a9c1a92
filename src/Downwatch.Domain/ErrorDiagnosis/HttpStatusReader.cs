namespace Downwatch.Domain.ErrorDiagnosis;

/// <summary>
/// Finds the HTTP status an error text reports: from status fields (<c>"status": 429</c>, <c>statusCode</c>,
/// <c>httpStatusCode</c>, an error object's numeric <c>code</c>) and from numbers that the words around them mark as a
/// status ("Error code: 429", "HTTP/1.1 503", "401 Unauthorized", "status=500"). Line numbers, ports, token counts and
/// ids are not statuses: a number counts only with such context.
/// </summary>
internal static class HttpStatusReader
{
    private static readonly HashSet<int> Known =
    [
        400, 401, 402, 403, 404, 405, 408, 409, 410, 413, 415, 422, 424, 429, 451, 498, 499,
        500, 501, 502, 503, 504, 520, 521, 522, 523, 524, 525, 526, 529,
    ];

    private static readonly string[] Reasons =
    [
        "bad request", "unauthorized", "payment required", "forbidden", "not found", "request timeout", "conflict",
        "request entity too large", "payload too large", "unprocessable", "too many requests", "internal server error",
        "bad gateway", "service unavailable", "gateway time", "overloaded",
    ];

    private static readonly string[] Markers = ["status", "code", "http", "error", "请求失败", "状态码", "报错", "错误"];

    public static int? Read(ReadOnlySpan<char> text, TextFieldSet fields)
    {
        var best = 0;
        int? status = null;
        for (var k = 0; k < fields.Count; k++)
        {
            var f = fields[k];
            var weight = StatusKeyWeight(f);
            if (weight > best && int.TryParse(f.Value, System.Globalization.NumberStyles.None, null, out var value) && Known.Contains(value))
            {
                best = weight;
                status = value;
            }
        }

        for (var i = 0; i + 3 <= text.Length; i++)
        {
            var digit = text[i..(text.Length - 2)].IndexOfAnyInRange('0', '9');
            if (digit < 0)
            {
                break;
            }

            i += digit;
            if ((i > 0 && IsAttached(text[i - 1])) || !char.IsAsciiDigit(text[i + 1])
                || !char.IsAsciiDigit(text[i + 2]) || (i + 3 < text.Length && (char.IsAsciiDigit(text[i + 3])
                    || (text[i + 3] == '.' && i + 4 < text.Length && char.IsAsciiDigit(text[i + 4])))))
            {
                continue;
            }

            var value = (text[i] - '0') * 100 + (text[i + 1] - '0') * 10 + (text[i + 2] - '0');
            if (!Known.Contains(value))
            {
                continue;
            }

            var weight = ContextWeight(text, i);
            if (weight > best)
            {
                best = weight;
                status = value;
            }

            i += 2;
        }

        return status;
    }

    private static int StatusKeyWeight(FieldView f) => f.Key switch
    {
        "status" or "status_code" or "statusCode" or "httpStatusCode" or "http_status" or "httpStatus" or "http_code" => 4,
        "code" when f.Parent.Length == 0 || f.Parent is "error" => 3,
        _ => 0,
    };

    private static int ContextWeight(ReadOnlySpan<char> text, int at)
    {
        var weight = 0;
        var before = text.Slice(Math.Max(0, at - 24), Math.Min(24, at));
        foreach (var marker in Markers)
        {
            if (before.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                weight = 2;
                break;
            }
        }

        var after = text.Slice(at + 3, Math.Min(30, text.Length - at - 3)).TrimStart(" -:)]>.");
        foreach (var reason in Reasons)
        {
            if (after.StartsWith(reason, StringComparison.OrdinalIgnoreCase))
            {
                weight += 3;
                break;
            }
        }

        var glued = at + 3 < text.Length && char.IsAsciiLetter(text[at + 3]);
        if (glued && weight < 2)
        {
            return 0; // "429This request…" counts only right after "status code".
        }

        // "Error: 401 {…}", "Upstream 429: {…}", "[503 ] The model…", "(429)", "<400> InternalError…", "“400: […",
        // or a status opening the text ("503. The model is overloaded.").
        var opener = before.TrimEnd(' ');
        var lead = opener.Length == 0 || opener[^1] is ':' or '[' or '(' or ']' or '`' or '*' or '>' or '<' or '"' or '“' or '【';
        // …or a status closing the text after a colon ("POST https://…/user-info: 500").
        var body = after.Length > 0 && (char.IsLetter(after[0]) || after[0] is '{' or '[' or '"') || (at + 3 < text.Length && text[at + 3] is ')' or ':')
            || (at + 3 == text.Length && opener.Length > 0 && opener[^1] == ':');
        if (weight == 0 && lead && body)
        {
            weight = 1;
        }

        // "(node:events:525:35)": a stack frame's line and column, not a status.
        var lineAndColumn = before.Length > 0 && before[^1] == ':' && at + 4 < text.Length && text[at + 3] == ':'
            && char.IsAsciiDigit(text[at + 4]);
        if (lineAndColumn || before.EndsWith("line ", StringComparison.OrdinalIgnoreCase) || before.EndsWith("port ", StringComparison.OrdinalIgnoreCase))
        {
            weight = 0;
        }

        return weight;
    }

    private static bool IsAttached(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/' or '#' or '$';
}
