using System.Text;

namespace Downwatch.Domain.ErrorDiagnosis;

/// <summary>One <c>key: value</c> pair found in an error text, with the key of the object that holds it.</summary>
internal readonly record struct TextField(string Key, string Parent, string Value, bool IsNumber);

/// <summary>
/// Reads key/value pairs out of whatever a program printed: JSON, escaped JSON inside JSON, Python <c>repr</c> of
/// dicts (<c>{'error': {'code': 'x'}}</c>), JavaScript <c>inspect</c> output (<c>{ type: error }</c>), headers and
/// <c>key=value</c> log lines. It never fails and never recurses: nesting is a bounded stack, strings end at the line
/// end, and it stops after <see cref="MaxFields"/> pairs, so deep or broken input costs linear time.
/// </summary>
internal static class FieldReader
{
    public const int MaxFields = 256;
    private const int MaxDepth = 64;
    private const int MaxValue = 2048;
    private const int MaxUnescapePasses = 3;
    private const int MaxNesting = 3;

    /// <summary>Undoes JSON string escaping (up to three levels), so a body quoted inside another body reads as one.</summary>
    public static string Unescape(string text)
    {
        for (var pass = 0; pass < MaxUnescapePasses && text.Contains("\\\"", StringComparison.Ordinal); pass++)
        {
            text = UnescapeOnce(text);
        }

        return text;
    }

    /// <summary>
    /// Collapses every run of whitespace (line breaks and terminal wrapping included) into one space, so a message
    /// wrapped over lines by a terminal still reads as the message.
    /// </summary>
    public static string Flatten(string text)
    {
        if (!NeedsFlattening(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var blank = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c is '│' or '┃')
            {
                blank = true;
                continue;
            }

            if (blank && builder.Length > 0)
            {
                builder.Append(' ');
            }

            blank = false;
            builder.Append(c);
        }

        return builder.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> Breaks = System.Buffers.SearchValues.Create("\n\r\t\v\f│┃\u00A0\u2028\u3000");

    private static bool NeedsFlattening(string text) =>
        text.AsSpan().IndexOfAny(Breaks) >= 0 || text.Contains("  ", StringComparison.Ordinal)
        || (text.Length > 0 && (text[0] == ' ' || text[^1] == ' '));

    /// <summary>True when the whole text is one escaped body (its first quote is already escaped: <c>{\"error\":…</c>).</summary>
    public static bool FullyEscaped(string text)
    {
        var quote = text.IndexOf('"', StringComparison.Ordinal);
        return quote > 0 && text[quote - 1] == '\\';
    }

    /// <summary>
    /// Appends the pairs in <paramref name="text"/>. A string value that holds another escaped body (an SDK that
    /// quotes the provider's JSON inside its own) is read too, down to <see cref="MaxNesting"/> levels.
    /// </summary>
    public static void Read(string text, List<TextField> fields) => Read(text, fields, 0);

    private static void Read(string text, List<TextField> fields, int nesting)
    {
        var parents = new List<string>(8);
        var depth = 0;
        string? pendingContainer = null;
        var i = 0;
        while (i < text.Length && fields.Count < MaxFields)
        {
            var c = text[i];
            if (c is '{' or '[')
            {
                if (depth < MaxDepth)
                {
                    parents.Add(pendingContainer ?? (parents.Count > 0 ? parents[^1] : ""));
                }

                depth++;
                pendingContainer = null;
                i++;
            }
            else if (c is '}' or ']')
            {
                if (depth > 0 && depth-- <= MaxDepth)
                {
                    parents.RemoveAt(parents.Count - 1);
                }

                i++;
            }
            else if (c == '"' || (c == '\'' && (i == 0 || !char.IsLetterOrDigit(text[i - 1]))))
            {
                var end = StringEnd(text, i);
                if (end < 0)
                {
                    i++;
                    continue;
                }

                var key = text.Substring(i + 1, Math.Min(end - i - 1, MaxValue));
                i = end + 1;
                if (Separator(text, ref i))
                {
                    pendingContainer = ReadValue(text, ref i, key, parents.Count > 0 ? parents[^1] : "", fields, nesting);
                }
            }
            else if (IsKeyStart(c) && (i == 0 || !IsWordChar(text[i - 1])))
            {
                var start = i;
                while (i < text.Length && IsWordChar(text[i]))
                {
                    i++;
                }

                var key = text[start..i];
                if (Separator(text, ref i) && !IsScheme(key))
                {
                    pendingContainer = ReadValue(text, ref i, key, parents.Count > 0 ? parents[^1] : "", fields, nesting);
                }
            }
            else
            {
                i++;
            }
        }
    }

    /// <summary>After a key: optional blanks, then ':' or '=' (not '=='). Moves past it when found.</summary>
    private static bool Separator(string text, ref int i)
    {
        var j = i;
        while (j < text.Length && text[j] is ' ' or '\t')
        {
            j++;
        }

        if (j >= text.Length || text[j] is not (':' or '=') || (j + 1 < text.Length && text[j + 1] is '=' or ':' or '/'))
        {
            return false;
        }

        i = j + 1;
        return true;
    }

    /// <summary>Reads the value after a separator; returns the key when the value opens an object or list.</summary>
    private static string? ReadValue(string text, ref int i, string key, string parent, List<TextField> fields, int nesting)
    {
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        if (i >= text.Length)
        {
            return null;
        }

        var c = text[i];
        if (c is '{' or '[')
        {
            return key;
        }

        if (c is '"' or '\'')
        {
            var end = StringEnd(text, i);
            if (end < 0)
            {
                return null;
            }

            var quoted = text.Substring(i + 1, Math.Min(end - i - 1, MaxValue));
            fields.Add(new TextField(key, parent, quoted, false));
            i = end + 1;
            if (nesting < MaxNesting && quoted.Contains('{', StringComparison.Ordinal) && quoted.Contains("\\\"", StringComparison.Ordinal)
                && fields.Count < MaxFields)
            {
                Read(Flatten(UnescapeOnce(quoted)), fields, nesting + 1);
            }

            return null;
        }

        var start = i;
        if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
        {
            i++;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            fields.Add(new TextField(key, parent, text[start..i], true));
            return null;
        }

        while (i < text.Length && i - start < MaxValue && text[i] is not (',' or ';' or '{' or '}' or '[' or ']' or '"' or '\'' or '\n' or '\r')
            && !(text[i] == ' ' && GluedKeyAt(text, i + 1)))
        {
            i++;
        }

        if (i < text.Length && text[i] is '[' or '{' && i > start && IsWordChar(text[i - 1]))
        {
            return key; // Go's map[key:value …]: the word before the bracket names the container's type, not a value.
        }

        var value = text.AsSpan(start, i - start).Trim();
        if (value.Length > 0)
        {
            fields.Add(new TextField(key, parent, value.ToString(), false));
        }

        return null;
    }

    /// <summary>Index of the quote closing the string opened at <paramref name="open"/> on the same line, or -1.</summary>
    private static int StringEnd(string text, int open)
    {
        var quote = text[open];
        for (var j = open + 1; j < text.Length && j - open <= MaxValue; j++)
        {
            var c = text[j];
            if (c == '\\')
            {
                j++;
            }
            else if (c == quote)
            {
                return j;
            }
            else if (c is '\n' or '\r')
            {
                return -1;
            }
        }

        return -1;
    }

    private static string UnescapeOnce(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\' || i + 1 >= text.Length)
            {
                builder.Append(c);
                continue;
            }

            var next = text[++i];
            switch (next)
            {
                case 'n':
                    builder.Append('\n');
                    break;
                case 'r' or 't':
                    builder.Append(' ');
                    break;
                case 'u' when i + 4 < text.Length && ushort.TryParse(text.AsSpan(i + 1, 4), System.Globalization.NumberStyles.HexNumber, null, out var code):
                    builder.Append((char)code);
                    i += 4;
                    break;
                case '"' or '\\' or '/' or '\'':
                    builder.Append(next);
                    break;
                default:
                    builder.Append('\\').Append(next);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>A "key:value" with no blank after the colon starts at <paramref name="i"/> (Go's map printing).</summary>
    private static bool GluedKeyAt(string text, int i)
    {
        var j = i;
        while (j < text.Length && j - i < 64 && (char.IsAsciiLetterOrDigit(text[j]) || text[j] == '_'))
        {
            j++;
        }

        return j > i && j + 1 < text.Length && text[j] == ':' && text[j + 1] is not (' ' or '/' or ':');
    }

    private static bool IsKeyStart(char c) => char.IsAsciiLetter(c) || c is '_' or '@' or '$';

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '@' or '$';

    private static bool IsScheme(string key) => key is "http" or "https" or "file" or "HTTP" or "HTTPS";
}
