namespace Downwatch.Domain.ErrorDiagnosis;

/// <summary>One piece of evidence, formatted only when its candidate is reported.</summary>
internal readonly record struct Reason(string Label, string Text)
{
    public override string ToString() => Text.Length == 0 ? Label : $"{Label} \"{Text}\"";
}

/// <summary>
/// The evidence for one candidate (a provider or an error type). Identifiers count once per kind (the strongest); a
/// provider's signatures add up to <see cref="EvidenceWeights.ProviderSignatureCap"/>; error-type evidence adds up
/// without a cap, class-level evidence at a discount once anything specific is known.
/// </summary>
internal sealed class Tally(string slug)
{
    private readonly double[] _identifiers = new double[EvidenceWeights.IdentifierKinds.Length];
    private double _capped;
    private double _specific;
    private double _classLevel;
    private double _classShare = 1;

    public string Slug { get; } = slug;

    public List<Reason> Reasons { get; } = [];

    public bool HasSpecific => _specific > 0;

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

    public void Evidence(double weight, Reason reason, bool classLevel)
    {
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
