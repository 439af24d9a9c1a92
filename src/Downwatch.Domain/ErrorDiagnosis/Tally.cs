namespace Downwatch.Domain.ErrorDiagnosis;

/// <summary>
/// One piece of evidence, formatted only when its candidate is reported. Evidence that comes from the catalog carries
/// its line already formatted (<see cref="Formatted"/>), so reporting it makes no string.
/// </summary>
internal readonly record struct Reason(string Label, string Text, string? Line = null)
{
    public static Reason Formatted(string label, string text) => new(label, text, Format(label, text));

    /// <summary>Same label and text, so the same line (labels never hold a quote).</summary>
    public bool SameAs(Reason other) => string.Equals(Label, other.Label, StringComparison.Ordinal)
        && string.Equals(Text, other.Text, StringComparison.Ordinal);

    public override string ToString() => Line ?? Format(Label, Text);

    private static string Format(string label, string text) => text.Length == 0 ? label : $"{label} \"{text}\"";
}

/// <summary>
/// The evidence for one candidate (a provider or an error type). Identifiers count once per kind (the strongest); a
/// provider's signatures add up to <see cref="EvidenceWeights.ProviderSignatureCap"/>; error-type evidence adds up
/// without a cap, class-level evidence at a discount once anything specific is known. Reused from message to message
/// through <see cref="Reset"/>.
/// </summary>
internal sealed class Tally
{
    private readonly double[] _identifiers = new double[EvidenceWeights.IdentifierKinds.Length];
    private double _capped;
    private double _specific;
    private double _classLevel;
    private double _classShare = 1;

    public Tally(string slug)
    {
        Slug = slug;
    }

    public string Slug { get; private set; }

    public List<Reason> Reasons { get; } = [];

    public bool HasSpecific => _specific > 0;

    /// <summary>True when a transport failure of the runtime (no HTTP answer) counted for this error type.</summary>
    public bool Transport { get; private set; }

    /// <summary>The specific (not class-level) evidence for an error type.</summary>
    public double Specific => _specific;

    public double Score
    {
        get
        {
            var identifiers = 0.0;
            foreach (var weight in _identifiers)
            {
                identifiers += weight;
            }

            return identifiers + Math.Min(_capped, EvidenceWeights.ProviderSignatureCap) + _specific + _classLevel * _classShare;
        }
    }

    /// <summary>Empties the tally for another candidate.</summary>
    public Tally Reset(string slug)
    {
        Slug = slug;
        Array.Clear(_identifiers);
        _capped = _specific = _classLevel = 0;
        _classShare = 1;
        Transport = false;
        Reasons.Clear();
        return this;
    }

    private static readonly int HostSlot = Array.IndexOf(EvidenceWeights.IdentifierKinds, "host");
    private static readonly int NameSlot = Array.IndexOf(EvidenceWeights.IdentifierKinds, "name");
    private static readonly int ModelSlot = Array.IndexOf(EvidenceWeights.IdentifierKinds, "model");

    /// <summary>True when the text names this provider by its host or name.</summary>
    public bool NamedDirectly => _identifiers[HostSlot] > 0 || _identifiers[NameSlot] > 0;

    /// <summary>Its name and model names count <see cref="EvidenceWeights.ServedNameShare"/>: a platform beside them serves them.</summary>
    public void DiscountServedNames()
    {
        _identifiers[NameSlot] *= EvidenceWeights.ServedNameShare;
        _identifiers[ModelSlot] *= EvidenceWeights.ServedNameShare;
    }

    public void DiscountClassLevel() => _classShare = EvidenceWeights.ClassLevelShareWhenSpecific;

    public void Identifier(int kindIndex, double weight, Reason reason)
    {
        _identifiers[kindIndex] = Math.Max(_identifiers[kindIndex], weight);
        Reasons.Add(reason);
    }

    public void Signature(double weight, Reason reason)
    {
        _capped += weight;
        Reasons.Add(reason);
    }

    public void Evidence(double weight, Reason reason, bool classLevel, bool transport = false)
    {
        Transport |= transport;
        if (classLevel)
        {
            _classLevel += weight;
        }
        else
        {
            _specific += weight;
        }

        Reasons.Add(reason);
    }
}
