namespace Downwatch.Domain.ErrorDiagnosis;

/// <summary>
/// The working memory of one diagnosis — text buffers, fields, phrase hits, tallies — kept per thread and reused from
/// message to message, so a typical message allocates little more than its answer. Taken at the start of a diagnosis
/// and given back at its end (a nested or concurrent diagnosis on the same thread simply gets a fresh one); buffers a
/// large paste grew are let go rather than kept.
/// </summary>
internal sealed class DiagnosisScratch
{
    private const int RetainedChars = 16 * 1024;
    private const int RetainedHits = 1024;

    [ThreadStatic]
    private static DiagnosisScratch? t_cached;

    private readonly List<Tally> _tallies = [];
    private int _talliesUsed;

    public TextFieldSet Fields { get; } = new();
    public List<PhraseHit> Hits { get; } = new(64);
    public List<(Phrase Phrase, int Start)> Matches { get; } = new(64);
    public List<(Phrase Phrase, int Start)> Kept { get; } = new(64);
    public List<Phrase> Distinct { get; } = new(32);
    public List<(SignatureUse Use, string Value)> FieldCodes { get; } = new(8);
    public List<(string Error, string Value)> SeenCodes { get; } = new(8);
    public Dictionary<string, Tally> Providers { get; } = new(32, StringComparer.Ordinal);
    public Dictionary<string, Tally> Errors { get; } = new(32, StringComparer.Ordinal);
    public List<(double Score, Tally Tally)> Ranked { get; } = new(32);
    public List<Reason> ReportedReasons { get; } = new(8);

    /// <summary>Two buffers for undoing escaping and one for the flattened text, each at least as long as the text.</summary>
    public char[] First { get; private set; } = new char[1024];
    public char[] Second { get; private set; } = new char[1024];
    public char[] Subject { get; private set; } = new char[1024];

    public static DiagnosisScratch Take()
    {
        var scratch = t_cached ?? new DiagnosisScratch();
        t_cached = null;
        return scratch;
    }

    /// <summary>Empties the scratch and keeps it for the thread's next diagnosis, unless a large paste grew it.</summary>
    public void Release()
    {
        if (First.Length > RetainedChars || Hits.Capacity > RetainedHits || Matches.Capacity > RetainedHits)
        {
            return;
        }

        Fields.Clear();
        Hits.Clear();
        Matches.Clear();
        Kept.Clear();
        Distinct.Clear();
        FieldCodes.Clear();
        SeenCodes.Clear();
        Providers.Clear();
        Errors.Clear();
        Ranked.Clear();
        ReportedReasons.Clear();
        _talliesUsed = 0;
        t_cached = this;
    }

    public void ReserveText(int length)
    {
        if (First.Length < length)
        {
            First = new char[length];
            Second = new char[length];
            Subject = new char[length];
        }
    }

    /// <summary>The tally of <paramref name="slug"/> in <paramref name="tallies"/>, started empty when missing.</summary>
    public Tally Get(Dictionary<string, Tally> tallies, string slug)
    {
        if (!tallies.TryGetValue(slug, out var tally))
        {
            if (_talliesUsed == _tallies.Count)
            {
                _tallies.Add(new Tally(slug));
            }

            tally = _tallies[_talliesUsed++].Reset(slug);
            tallies[slug] = tally;
        }

        return tally;
    }
}
