using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Downwatch.Domain.ErrorDiagnosis;

/// <summary>A phrase found in a text: which phrase and where it ends (exclusive).</summary>
internal readonly record struct PhraseHit(int Phrase, int End);

/// <summary>
/// Finds every occurrence of many phrases in one pass over a text (Aho–Corasick), ASCII case-insensitively. Time is
/// linear in the text plus the hits, with no backtracking, so no input can make it slow. ASCII transitions are a full
/// table over the characters the phrases use (any other character leads back to the start, so the table stays small
/// enough for the CPU cache); other characters (Chinese messages, for example) follow the trie with failure links.
/// An ASCII step is one table read: upper and lower case share a class, and the entry's top bit says whether the
/// state it leads to ends a phrase, so a character that completes nothing costs no further memory access.
/// </summary>
internal sealed class PhraseAutomaton
{
    private const int Alphabet = 128;
    private const int MaxStates = 0x8000;
    private const int EndsPhrase = 0x8000;
    private const int StateMask = 0x7FFF;
    private readonly byte[] _classOf = new byte[Alphabet];
    private readonly int _classes;
    private readonly ushort[] _ascii;
    private readonly Dictionary<long, int> _other;
    private readonly int[] _fail;
    private readonly int[][] _outputs;

    public PhraseAutomaton(IReadOnlyList<string> phrases)
    {
        var children = new List<Dictionary<char, int>> { new() };
        var ends = new List<List<int>> { new() };
        for (var p = 0; p < phrases.Count; p++)
        {
            var state = 0;
            foreach (var raw in phrases[p])
            {
                var c = Fold(raw);
                if (!children[state].TryGetValue(c, out var next))
                {
                    next = children.Count;
                    children[state][c] = next;
                    children.Add(new Dictionary<char, int>());
                    ends.Add(new List<int>());
                }

                state = next;
            }

            ends[state].Add(p);
        }

        var count = children.Count;
        if (count > MaxStates)
        {
            throw new ArgumentException($"{phrases.Count} phrases need {count} states, more than this automaton holds.", nameof(phrases));
        }

        // Class 0 stands for every ASCII character no phrase contains.
        foreach (var phrase in phrases)
        {
            foreach (var c in phrase)
            {
                var f = Fold(c);
                if (f < Alphabet && _classOf[f] == 0)
                {
                    _classOf[f] = (byte)++_classes;
                }
            }
        }

        _classes++;
        _ascii = new ushort[count * _classes];
        _fail = new int[count];
        _outputs = new int[count][];
        _other = new Dictionary<long, int>();
        for (var s = 0; s < count; s++)
        {
            foreach (var (c, next) in children[s])
            {
                if (c >= Alphabet)
                {
                    _other[Key(s, c)] = next;
                }
            }
        }

        // Breadth-first: a state's failure link and table row depend only on shallower states.
        var queue = new Queue<int>();
        _outputs[0] = [];
        for (var c = 0; c < Alphabet; c++)
        {
            if (children[0].TryGetValue((char)c, out var next))
            {
                _ascii[_classOf[c]] = (ushort)next;
            }
        }

        foreach (var next in children[0].Values)
        {
            _fail[next] = 0;
            queue.Enqueue(next);
        }

        while (queue.Count > 0)
        {
            var s = queue.Dequeue();
            _outputs[s] = [.. ends[s], .. _outputs[_fail[s]]];
            for (var c = 0; c < Alphabet; c++)
            {
                var k = _classOf[c];
                if (k != 0)
                {
                    _ascii[s * _classes + k] = children[s].TryGetValue((char)c, out var next) ? (ushort)next : _ascii[_fail[s] * _classes + k];
                }
            }

            foreach (var (c, next) in children[s])
            {
                _fail[next] = c < Alphabet ? _ascii[_fail[s] * _classes + _classOf[c]] : Follow(_fail[s], c);
                queue.Enqueue(next);
            }
        }

        for (var i = 0; i < _ascii.Length; i++)
        {
            if (_outputs[_ascii[i]].Length > 0)
            {
                _ascii[i] |= EndsPhrase;
            }
        }

        for (var c = 'A'; c <= 'Z'; c++)
        {
            _classOf[c] = _classOf[Fold(c)];
        }
    }

    public static char Fold(char c) => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;

    /// <summary>Appends the hits in <paramref name="text"/> to <paramref name="hits"/>, at most <paramref name="limit"/> of them.</summary>
    public void Scan(ReadOnlySpan<char> text, List<PhraseHit> hits, int limit)
    {
        // Both tables are indexed only with values they were built for: a class below _classes, a state below the count.
        ref var table = ref MemoryMarshal.GetArrayDataReference(_ascii);
        ref var classOf = ref MemoryMarshal.GetArrayDataReference(_classOf);
        var width = _classes;
        var state = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            int next;
            if (c < Alphabet)
            {
                next = Unsafe.Add(ref table, state * width + Unsafe.Add(ref classOf, c));
            }
            else
            {
                next = Follow(state, c);
                next |= _outputs[next].Length > 0 ? EndsPhrase : 0;
            }

            state = next & StateMask;
            if (next >= EndsPhrase)
            {
                var outputs = _outputs[state];
                for (var o = 0; o < outputs.Length; o++)
                {
                    if (hits.Count >= limit)
                    {
                        return;
                    }

                    hits.Add(new PhraseHit(outputs[o], i + 1));
                }
            }
        }
    }

    private int Follow(int state, char c)
    {
        while (true)
        {
            if (_other.TryGetValue(Key(state, c), out var next))
            {
                return next;
            }

            if (state == 0)
            {
                return 0;
            }

            state = _fail[state];
        }
    }

    private static long Key(int state, char c) => ((long)state << 16) | c;
}
