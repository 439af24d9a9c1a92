namespace Downwatch.Domain.ErrorDiagnosis;

/// <summary>Where one field's key, parent key and value lie in the characters of a <see cref="TextFieldSet"/>.</summary>
internal readonly record struct FieldRange(int Key, int KeyLength, int Parent, int ParentLength, int Value, int ValueLength, bool IsNumber);

/// <summary>One field of a <see cref="TextFieldSet"/>, read in place: no strings are made until a caller needs one.</summary>
internal readonly ref struct FieldView
{
    public FieldView(ReadOnlySpan<char> key, ReadOnlySpan<char> parent, ReadOnlySpan<char> value, bool isNumber)
    {
        Key = key;
        Parent = parent;
        Value = value;
        IsNumber = isNumber;
    }

    public ReadOnlySpan<char> Key { get; }
    public ReadOnlySpan<char> Parent { get; }
    public ReadOnlySpan<char> Value { get; }
    public bool IsNumber { get; }
}

/// <summary>
/// The fields read from one text, kept as ranges over one character buffer that holds the text and every nested body
/// unescaped from it. Reused from message to message (see <see cref="DiagnosisScratch"/>): reading a message's fields
/// allocates nothing once the buffer has grown to the size of typical messages.
/// </summary>
internal sealed class TextFieldSet
{
    /// <summary>A buffer grown past this by a large paste is let go afterwards rather than kept for the next message.</summary>
    private const int RetainedChars = 16 * 1024;

    private readonly List<FieldRange> _fields = new(32);
    private readonly List<(int Start, int Length)> _parents = new(16);
    private char[] _chars = new char[1024];
    private int _length;

    public int Count => _fields.Count;

    public FieldView this[int index]
    {
        get
        {
            var f = _fields[index];
            var chars = _chars;
            return new FieldView(chars.AsSpan(f.Key, f.KeyLength), chars.AsSpan(f.Parent, f.ParentLength),
                chars.AsSpan(f.Value, f.ValueLength), f.IsNumber);
        }
    }

    /// <summary>The parent-key stack of the reader; each nesting level uses the entries above its own base.</summary>
    internal List<(int Start, int Length)> Parents => _parents;

    public ReadOnlySpan<char> Slice(int start, int length) => _chars.AsSpan(start, length);

    public void Add(FieldRange field) => _fields.Add(field);

    /// <summary>Appends <paramref name="text"/> with its whitespace collapsed (<see cref="FieldReader.Flatten(string)"/>).</summary>
    public (int Start, int Length) AppendFlattened(ReadOnlySpan<char> text)
    {
        Reserve(text.Length);
        var start = _length;
        var length = FieldReader.Flatten(text, _chars.AsSpan(start, text.Length));
        _length += length;
        return (start, length);
    }

    /// <summary>Appends <paramref name="text"/> as it is.</summary>
    public (int Start, int Length) AppendRaw(ReadOnlySpan<char> text)
    {
        Reserve(text.Length);
        var start = _length;
        text.CopyTo(_chars.AsSpan(start));
        _length += text.Length;
        return (start, text.Length);
    }

    public void Clear()
    {
        _fields.Clear();
        _parents.Clear();
        _length = 0;
        if (_chars.Length > RetainedChars)
        {
            _chars = new char[1024];
        }
    }

    private void Reserve(int more)
    {
        if (_length + more > _chars.Length)
        {
            var grown = new char[Math.Max(_length + more, _chars.Length * 2)];
            _chars.AsSpan(0, _length).CopyTo(grown);
            _chars = grown;
        }
    }
}
