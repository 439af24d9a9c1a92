using Downwatch.Domain.Catalog;

namespace Downwatch.Domain.ErrorDiagnosis;

/// <summary>
/// Answers "is it me or them?" for a pasted error text: which provider (from hosts, key prefixes, SDK names, error
/// shapes and the providers' own signatures), which error type of errors.yaml, the HTTP status, facts, and whose side
/// the problem is on. All knowledge comes from the catalog; nothing here is specific to one provider. Pure and
/// thread-safe; the first <see cref="MaxAnalysedChars"/> characters of a text are analysed, in linear time.
/// </summary>
public sealed class ErrorClassifier
{
    public const int MaxAnalysedChars = 64 * 1024;
    private const int MaxHits = 4096;
    private const int MaxCandidates = 5;
    private const int MaxReasons = 6;

    private static readonly HashSet<string> CodeKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "code", "type", "error", "status", "reason", "error_code", "errorcode", "err_code", "errcode", "status_code", "__type",
        "name", "error_type", "errortype", "x-amzn-errortype",
    };

    private readonly DiagnosisKnowledge _knowledge;

    public ErrorClassifier(ServiceCatalog catalog)
    {
        _knowledge = new DiagnosisKnowledge(catalog);
    }

    public ServiceCatalog Catalog => _knowledge.Catalog;

    public DiagnosisResult Diagnose(string? text)
    {
        text ??= "";
        var analysed = Math.Min(text.Length, MaxAnalysedChars);
        var raw = text[..analysed];
        var subject = FieldReader.Flatten(FieldReader.Unescape(raw));
        var fields = new List<TextField>();
        FieldReader.Read(FieldReader.Flatten(FieldReader.FullyEscaped(raw) ? FieldReader.Unescape(raw) : raw), fields);
        var matches = Matches(subject);
        var status = HttpStatusReader.Read(subject, fields);
        var shape = ErrorShapes.Detect(fields, subject);
        var fieldCodes = FieldCodes(fields);

        var providers = ScoreProviders(matches, fieldCodes, shape, status);
        var provider = Decide(providers, EvidenceWeights.ProviderThreshold);
        var errors = ScoreErrors(matches, fieldCodes, status, provider);
        var error = Decide(errors, EvidenceWeights.ErrorThreshold);
        return new DiagnosisResult(provider, error, status, VerdictFor(error, errors, status), FactReader.Read(subject, fields),
            Top(providers), Top(errors), shape, analysed, text.Length);
    }

    private List<(Phrase Phrase, int Start)> Matches(string subject)
    {
        var hits = new List<PhraseHit>();
        _knowledge.Automaton.Scan(subject, hits, MaxHits);
        var matches = new List<(Phrase Phrase, int Start)>(hits.Count);
        foreach (var hit in hits)
        {
            var phrase = _knowledge.Phrases[hit.Phrase];
            var start = hit.End - phrase.Text.Length;
            if ((phrase.BoundaryStart && start > 0 && DiagnosisKnowledge.IsWord(subject[start - 1]))
                || (phrase.BoundaryEnd && hit.End < subject.Length && DiagnosisKnowledge.IsWord(subject[hit.End]))
                || (phrase.CaseSensitive && !subject.AsSpan(start, phrase.Text.Length).SequenceEqual(phrase.Text))
                || (phrase.StrictEnd && hit.End + 1 < subject.Length && subject[hit.End] is '.' or '/' or '-' or '_'
                    && DiagnosisKnowledge.IsWord(subject[hit.End + 1])))
            {
                continue;
            }

            matches.Add((phrase, start));
        }

        // A phrase inside a longer phrase of the same sort does not count on its own: the name "OpenAI" in the name
        // "Azure OpenAI", Anthropic's "Overloaded" in Gemini's "The model is overloaded. Please try again later.".
        matches.RemoveAll(m => matches.Any(o => o.Phrase.Text.Length > m.Phrase.Text.Length && o.Start <= m.Start
            && o.Start + o.Phrase.Text.Length >= m.Start + m.Phrase.Text.Length
            && (o.Phrase.Identifiers.Count > 0) == (m.Phrase.Identifiers.Count > 0)));
        return matches;
    }

    private List<(SignatureUse Use, string Value)> FieldCodes(List<TextField> fields)
    {
        var found = new List<(SignatureUse, string)>();
        foreach (var f in fields)
        {
            if (CodeKeys.Contains(f.Key) && f.Value.Length <= 64 && _knowledge.FieldCodes.TryGetValue(f.Value.Trim(), out var uses))
            {
                found.AddRange(uses.Select(u => (u, f.Value)));
            }
        }

        return found;
    }

    private Dictionary<string, Tally> ScoreProviders(List<(Phrase Phrase, int Start)> matches,
        List<(SignatureUse Use, string Value)> fieldCodes, string? shape, int? status)
    {
        var tallies = new Dictionary<string, Tally>(StringComparer.Ordinal);
        foreach (var phrase in matches.Select(m => m.Phrase).Distinct())
        {
            foreach (var id in phrase.Identifiers)
            {
                Get(tallies, id.Service.Slug).Identifier(id.Identifier.Kind, EvidenceWeights.Identifier(id.Identifier.Kind),
                    $"{id.Identifier.Kind} \"{id.Identifier.Text}\"");
            }

            foreach (var use in phrase.Signatures.Where(s => s.Provider is not null))
            {
                Get(tallies, use.Provider!).Signature(EvidenceWeights.ProviderSignature(use.Signature.Kind, use.Signature.Text, use.SharedBy),
                    $"its {use.Signature.Kind} \"{use.Signature.Text}\"");
            }
        }

        foreach (var (use, value) in fieldCodes.Where(c => c.Use.Provider is not null))
        {
            Get(tallies, use.Provider!).Signature(EvidenceWeights.ProviderSignature(use.Signature.Kind, use.Signature.Text, use.SharedBy),
                $"its code {value}");
        }

        if (shape is not null && _knowledge.ShapeProviders.TryGetValue(shape, out var shapeUses))
        {
            foreach (var use in shapeUses)
            {
                Get(tallies, use.Service.Slug).Identifier("shape", EvidenceWeights.Identifier("shape") / shapeUses.Count, $"error shape {shape}");
            }
        }

        if (status is { } s && _knowledge.ProviderStatuses.TryGetValue(s, out var statusUses))
        {
            foreach (var use in statusUses)
            {
                Get(tallies, use.Provider!).Signature(EvidenceWeights.ProviderStatus / use.SharedBy, $"HTTP {s}, which only it uses");
            }
        }

        return tallies;
    }

    private Dictionary<string, Tally> ScoreErrors(List<(Phrase Phrase, int Start)> matches,
        List<(SignatureUse Use, string Value)> fieldCodes, int? status, string? provider)
    {
        var tallies = new Dictionary<string, Tally>(StringComparer.Ordinal);
        foreach (var phrase in matches.Select(m => m.Phrase).Distinct())
        {
            foreach (var use in phrase.Signatures)
            {
                var weight = EvidenceWeights.ErrorSignature(use.Signature.Kind, use.Signature.Text, use.Provider is null);
                if (provider is not null && use.Provider is not null)
                {
                    weight *= use.Provider == provider ? EvidenceWeights.OwnProviderFactor : EvidenceWeights.OtherProviderFactor(use.Signature.Kind);
                }

                Get(tallies, use.Error.Slug).Evidence(weight, $"{use.Signature.Kind} \"{use.Signature.Text}\"",
                    EvidenceWeights.IsClassLevel(use.Signature.Kind, use.Provider is null));
            }
        }

        var seen = new HashSet<(string, string)>();
        foreach (var (use, value) in fieldCodes)
        {
            var weight = use.Provider is null || use.Provider == provider ? EvidenceWeights.FieldCode
                : provider is null ? EvidenceWeights.UnattributedFieldCode / use.SharedBy : 0;
            if (weight > 0 && seen.Add((use.Error.Slug, value)))
            {
                Get(tallies, use.Error.Slug).Evidence(weight, $"code {value}" + (use.Provider is null ? "" : $" of {use.Provider}"), classLevel: false);
            }
        }

        if (status is { } s)
        {
            foreach (var (error, primary) in _knowledge.StatusErrors.GetValueOrDefault(s, []))
            {
                Get(tallies, error.Slug).Evidence(primary ? EvidenceWeights.PrimaryStatus : EvidenceWeights.SecondaryStatus, $"HTTP {s}", classLevel: true);
            }

            foreach (var use in _knowledge.ProviderStatuses.GetValueOrDefault(s, []).Where(u => u.Provider == provider))
            {
                Get(tallies, use.Error.Slug).Evidence(EvidenceWeights.ProviderStatus, $"HTTP {s} from {provider}", classLevel: false);
            }
        }

        if (tallies.Values.Any(t => t.HasSpecific))
        {
            foreach (var tally in tallies.Values)
            {
                tally.DiscountClassLevel();
            }
        }

        return tallies;
    }

    private static string? Decide(Dictionary<string, Tally> tallies, double threshold)
    {
        string? best = null;
        double top = 0, second = 0;
        foreach (var (slug, tally) in tallies)
        {
            var score = tally.Score;
            if (score > top)
            {
                (second, top, best) = (top, score, slug);
            }
            else if (score > second)
            {
                second = score;
            }
        }

        return top >= threshold && top - second >= EvidenceWeights.Lead ? best : null;
    }

    private Verdict VerdictFor(string? error, Dictionary<string, Tally> errors, int? status)
    {
        if (error is not null)
        {
            return VerdictVocabulary.FromSide(_knowledge.Catalog.FindError(error)!.Side);
        }

        if (errors.Count > 0)
        {
            var top = errors.Values.Max(t => t.Score);
            var sides = errors.Where(e => e.Value.Score >= top * EvidenceWeights.NearShare)
                .Select(e => VerdictVocabulary.FromSide(_knowledge.Catalog.FindError(e.Key)!.Side)).Distinct().ToList();
            if (sides.Count == 1 && top >= EvidenceWeights.ErrorThreshold)
            {
                return sides[0];
            }
        }

        return status switch
        {
            >= 500 => Verdict.ProviderSide,
            >= 400 when errors.Count == 0 => Verdict.YourSide,
            _ => Verdict.CouldNotTell,
        };
    }

    private static List<DiagnosisCandidate> Top(Dictionary<string, Tally> tallies) =>
        [.. tallies.Where(t => t.Value.Score > 0)
            .OrderByDescending(t => t.Value.Score).ThenBy(t => t.Key, StringComparer.Ordinal)
            .Take(MaxCandidates)
            .Select(t => new DiagnosisCandidate(t.Key, Math.Round(t.Value.Score, 2), t.Value.Reasons.Distinct().Take(MaxReasons).ToList()))];

    private static Tally Get(Dictionary<string, Tally> tallies, string slug)
    {
        if (!tallies.TryGetValue(slug, out var tally))
        {
            tally = new Tally();
            tallies[slug] = tally;
        }

        return tally;
    }

    /// <summary>
    /// The evidence for one candidate. Identifiers count once per kind (the strongest); a provider's signatures add
    /// up to <see cref="EvidenceWeights.ProviderSignatureCap"/>; error-type evidence adds up without a cap.
    /// </summary>
    private sealed class Tally
    {
        private readonly Dictionary<string, double> _identifiers = new(StringComparer.Ordinal);
        private double _capped;
        private double _specific;
        private double _classLevel;
        private double _classShare = 1;

        public List<string> Reasons { get; } = [];

        public bool HasSpecific => _specific > 0;

        public double Score => _identifiers.Values.Sum() + Math.Min(_capped, EvidenceWeights.ProviderSignatureCap)
            + _specific + _classLevel * _classShare;

        public void DiscountClassLevel() => _classShare = EvidenceWeights.ClassLevelShareWhenSpecific;

        public void Evidence(double weight, string reason, bool classLevel)
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

        public void Identifier(string kind, double weight, string reason)
        {
            _identifiers[kind] = Math.Max(_identifiers.GetValueOrDefault(kind), weight);
            Reasons.Add(reason);
        }

        public void Signature(double weight, string reason)
        {
            _capped += weight;
            Reasons.Add(reason);
        }
    }
}
