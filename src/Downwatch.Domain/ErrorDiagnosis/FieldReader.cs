namespace Downwatch.Domain.ErrorDiagnosis;

/// <summary>One <c>key: value</c> pair found in an error text, with the key of the object that holds it.</summary>
internal readonly record struct TextField(string Key, string Parent, string Value, bool IsNumber);

/// <summary>
/// Reads key/value pairs out of whatever a program printed: JSON, escaped JSON inside JSON, Python <c>repr</c> of
/// dicts (<c>{'error': {'code': 'x'}}</c>), JavaScript <c>inspect</c> output (<c>{ type: error }</c>), headers and
/// <c>key=value</c> log lines. It never fails and never recurses on brackets: nesting is a bounded stack, strings end at
/// the line end, and it stops after <see cref="MaxFields"/> pairs, so deep or broken input costs linear time. Fields
/// are ranges over a <see cref="TextFieldSet"/>: reading makes no strings.
/// </summary>
internal static class FieldReader
{
    public const int MaxFields = 256;
    private const int MaxDepth = 64;
    private const int MaxValue = 2048;
    private const int MaxUnescapePasses = 3;
    private const int MaxNesting = 3;

    private static readonly System.Buffers.SearchValues<char> Breaks = System.Buffers.SearchValues.Create("\n\r\t\v\f│┃\u00A0\u2028\u3000");

    /// <summary>Undoes JSON string escaping (up to three levels), so a body quoted inside another body reads as one.</summary>
    public static string Unescape(string text)
    {
        for (var pass = 0; pass < MaxUnescapePasses && text.Contains("\\\"", StringComparison.Ordinal); pass++)
        {
            var buffer = new char[text.Length];
            text = new string(buffer, 0, UnescapeOnce(text, buffer));
        }

        return text;
    }

    /// <summary>
    /// Undoes up to three levels of escaping of <paramref name="text"/>, alternating between two buffers as long as
    /// the text; returns the result (<paramref name="text"/> itself when nothing was escaped) and the passes made.
    /// </summary>
    public static ReadOnlySpan<char> Unescape(ReadOnlySpan<char> text, Span<char> first, Span<char> second, out int passes)
    {
        for (passes = 0; passes < MaxUnescapePasses && text.IndexOf("\\\"", StringComparison.Ordinal) >= 0; passes++)
        {
            var target = passes % 2 == 0 ? first : second;
            text = target[..UnescapeOnce(text, target)];
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

        var buffer = new char[text.Length];
        return new string(buffer, 0, Flatten(text, buffer));
    }

    /// <summary>Writes <paramref name="text"/> flattened into <paramref name="target"/> (as long as the text); returns the length.</summary>
    public static int Flatten(ReadOnlySpan<char> text, Span<char> target)
    {
        if (!NeedsFlattening(text))
        {
            text.CopyTo(target);
            return text.Length;
        }

        var length = 0;
        var blank = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c is '│' or '┃')
            {
                blank = true;
                continue;
            }

            if (blank && length > 0)
            {
                target[length++] = ' ';
            }

            blank = false;
            target[length++] = c;
        }

        return length;
    }

    public static bool NeedsFlattening(ReadOnlySpan<char> text) =>
        text.IndexOfAny(Breaks) >= 0 || text.IndexOf("  ", StringComparison.Ordinal) >= 0
        || (text.Length > 0 && (text[0] == ' ' || text[^1] == ' '));

    /// <summary>True when the whole text is one escaped body (its first quote is already escaped: <c>{\"error\":…</c>).</summary>
    public static bool FullyEscaped(ReadOnlySpan<char> text)
    {
        var quote = text.IndexOf('"');
        return quote > 0 && text[quote - 1] == '\\';
    }

    /// <summary>Appends the pairs in <paramref name="text"/> as strings (for callers outside the classifier).</summary>
    public static void Read(string text, List<TextField> fields)
    {
        var set = new TextFieldSet();
        var (start, length) = set.AppendRaw(text);
        Read(set, start, length, 0);
        for (var i = 0; i < set.Count && fields.Count < MaxFields; i++)
        {
            var f = set[i];
            fields.Add(new TextField(f.Key.ToString(), f.Parent.ToString(), f.Value.ToString(), f.IsNumber));
        }
    }

    /// <summary>
    /// Adds the pairs in the set's characters at <paramref name="start"/>. A string value that holds another escaped
    /// body (an SDK that quotes the provider's JSON inside its own) is read too, down to <see cref="MaxNesting"/> levels.
    /// </summary>
    public static void Read(TextFieldSet set, int start, int length, int nesting)
    {
        var parents = set.Parents;
        var floor = parents.Count;
        var depth = 0;
        var pending = NoContainer;
        var text = set.Slice(start, length);
        var i = 0;
        while (i < text.Length && set.Count < MaxFields)
        {
            var c = text[i];
            if (c is '{' or '[')
            {
                if (depth < MaxDepth)
                {
                    parents.Add(pending.Start >= 0 ? pending : parents.Count > floor ? parents[^1] : (0, 0));
                }

                depth++;
                pending = NoContainer;
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

                var key = (start + i + 1, Math.Min(end - i - 1, MaxValue));
                i = end + 1;
                if (Separator(text, ref i))
                {
                    pending = ReadValue(set, start, length, ref i, key, parents.Count > floor ? parents[^1] : (0, 0), nesting);
                    text = set.Slice(start, length);
                }
            }
            else if (IsKeyStart(c) && (i == 0 || !IsWordChar(text[i - 1])))
            {
                var keyStart = i;
                while (i < text.Length && IsWordChar(text[i]))
                {
                    i++;
                }

                var key = (start + keyStart, i - keyStart);
                if (Separator(text, ref i) && !IsScheme(text.Slice(keyStart, key.Item2)))
                {
                    pending = ReadValue(set, start, length, ref i, key, parents.Count > floor ? parents[^1] : (0, 0), nesting);
                    text = set.Slice(start, length);
                }
            }
            else
            {
                i++;
            }
        }

        parents.RemoveRange(floor, parents.Count - floor);
    }

    private static readonly (int Start, int Length) NoContainer = (-1, 0);

    /// <summary>After a key: optional blanks, then ':' or '=' (not '=='). Moves past it when found.</summary>
    private static bool Separator(ReadOnlySpan<char> text, ref int i)
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
    private static (int Start, int Length) ReadValue(TextFieldSet set, int offset, int length, ref int i,
        (int Start, int Length) key, (int Start, int Length) parent, int nesting)
    {
        var text = set.Slice(offset, length);
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        if (i >= text.Length)
        {
            return NoContainer;
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
                return NoContainer;
            }

            var valueLength = Math.Min(end - i - 1, MaxValue);
            var quoted = text.Slice(i + 1, valueLength);
            set.Add(new FieldRange(key.Start, key.Length, parent.Start, parent.Length, offset + i + 1, valueLength, false));
            i = end + 1;
            if (nesting < MaxNesting && quoted.Contains('{') && quoted.IndexOf("\\\"", StringComparison.Ordinal) >= 0
                && set.Count < MaxFields)
            {
                ReadNested(set, quoted, nesting + 1);
            }

            return NoContainer;
        }

        var start = i;
        if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
        {
            i++;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            set.Add(new FieldRange(key.Start, key.Length, parent.Start, parent.Length, offset + start, i - start, true));
            return NoContainer;
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

        var raw = text[start..i];
        var value = raw.Trim();
        if (value.Length > 0)
        {
            var lead = raw.Length - raw.TrimStart().Length;
            set.Add(new FieldRange(key.Start, key.Length, parent.Start, parent.Length, offset + start + lead, value.Length, false));
        }

        return NoContainer;
    }

    /// <summary>Reads the body escaped inside a quoted value: unescaped once, flattened, appended to the set, read.</summary>
    private static void ReadNested(TextFieldSet set, ReadOnlySpan<char> quoted, int nesting)
    {
        var rented = System.Buffers.ArrayPool<char>.Shared.Rent(quoted.Length);
        try
        {
            var unescaped = rented.AsSpan(0, UnescapeOnce(quoted, rented));
            var (start, length) = set.AppendFlattened(unescaped);
            Read(set, start, length, nesting);
        }
        finally
        {
            System.Buffers.ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>Index of the quote closing the string opened at <paramref name="open"/> on the same line, or -1.</summary>
    private static int StringEnd(ReadOnlySpan<char> text, int open)
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

    /// <summary>Writes <paramref name="text"/> with one level of escaping undone; never longer than the text.</summary>
    private static int UnescapeOnce(ReadOnlySpan<char> text, Span<char> target)
    {
        var length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\' || i + 1 >= text.Length)
            {
                target[length++] = c;
                continue;
            }

            var next = text[++i];
            switch (next)
            {
                case 'n':
                    target[length++] = '\n';
                    break;
                case 'r' or 't':
                    target[length++] = ' ';
                    break;
                case 'u' when i + 4 < text.Length && ushort.TryParse(text.Slice(i + 1, 4), System.Globalization.NumberStyles.HexNumber, null, out var code):
                    target[length++] = (char)code;
                    i += 4;
                    break;
                case '"' or '\\' or '/' or '\'':
                    target[length++] = next;
                    break;
                default:
                    target[length++] = '\\';
                    target[length++] = next;
                    break;
            }
        }

        return length;
    }

    /// <summary>A "key:value" with no blank after the colon starts at <paramref name="i"/> (Go's map printing).</summary>
    private static bool GluedKeyAt(ReadOnlySpan<char> text, int i)
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

    private static bool IsScheme(ReadOnlySpan<char> key) => key is "http" or "https" or "file" or "HTTP" or "HTTPS";
}
