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
        var raw = analysed == text.Length ? text : text[..analysed];
        var unescaped = FieldReader.Unescape(raw);
        var subject = FieldReader.Flatten(unescaped);
        var fields = new List<TextField>();
        var fieldText = ReferenceEquals(unescaped, raw) ? subject
            : FieldReader.Flatten(FieldReader.FullyEscaped(raw) ? unescaped : raw);
        FieldReader.Read(fieldText, fields);
        var phrases = Phrases(subject);
        var status = HttpStatusReader.Read(subject, fields);
        var shape = ErrorShapes.Detect(fields, subject);
        var fieldCodes = FieldCodes(fields);

        var providers = ScoreProviders(phrases, fieldCodes, shape, status);
        var provider = Decide(providers, EvidenceWeights.ProviderThreshold);
        var errors = ScoreErrors(phrases, fieldCodes, status, provider);
        var error = Decide(errors, EvidenceWeights.ErrorThreshold);
        return new DiagnosisResult(provider, error, status, VerdictFor(error, errors, status), FactReader.Read(subject, fields),
            Top(providers), Top(errors), shape, analysed, text.Length);
    }

    /// <summary>The distinct phrases found in the text, after dropping those inside a longer phrase of the same sort.</summary>
    private List<Phrase> Phrases(string subject)
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

        var distinct = new List<Phrase>();
        foreach (var (phrase, _) in WithoutContained(matches))
        {
            if (!distinct.Contains(phrase))
            {
                distinct.Add(phrase);
            }
        }

        return distinct;
    }

    /// <summary>
    /// A phrase inside a longer phrase of the same sort does not count on its own: the name "OpenAI" in the name
    /// "Azure OpenAI", Anthropic's "Overloaded" in Gemini's "The model is overloaded. Please try again later.".
    /// One sweep over the matches sorted by start (longest first), so it stays O(m log m) however many there are.
    /// </summary>
    private static List<(Phrase Phrase, int Start)> WithoutContained(List<(Phrase Phrase, int Start)> matches)
    {
        matches.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Phrase.Text.Length.CompareTo(a.Phrase.Text.Length));
        var kept = new List<(Phrase Phrase, int Start)>(matches.Count);
        Span<int> reach = [-1, -1];
        Span<int> reachStart = [-1, -1];
        foreach (var match in matches)
        {
            var sort = match.Phrase.Identifiers.Count > 0 ? 1 : 0;
            var end = match.Start + match.Phrase.Text.Length;
            if (end < reach[sort] || (end == reach[sort] && reachStart[sort] < match.Start))
            {
                continue;
            }

            kept.Add(match);
            if (end > reach[sort])
            {
                reach[sort] = end;
                reachStart[sort] = match.Start;
            }
        }

        return kept;
    }

    private List<(SignatureUse Use, string Value)> FieldCodes(List<TextField> fields)
    {
        var found = new List<(SignatureUse, string)>();
        foreach (var f in fields)
        {
            if (f.Value.Length <= 64 && CodeKeys.Contains(f.Key) && _knowledge.FieldCodes.TryGetValue(f.Value.Trim(), out var uses))
            {
                foreach (var use in uses)
                {
                    found.Add((use, f.Value));
                }
            }
        }

        return found;
    }

    private Dictionary<string, Tally> ScoreProviders(List<Phrase> phrases, List<(SignatureUse Use, string Value)> fieldCodes,
        string? shape, int? status)
    {
        var tallies = new Dictionary<string, Tally>(StringComparer.Ordinal);
        foreach (var phrase in phrases)
        {
            foreach (var id in phrase.Identifiers)
            {
                Get(tallies, id.Service.Slug).Identifier(id.KindIndex, id.Weight, new Reason(id.Identifier.Kind, id.Identifier.Text));
            }

            foreach (var use in phrase.Signatures)
            {
                if (use.Provider is { } p)
                {
                    Get(tallies, p).Signature(use.ProviderWeight, new Reason("its " + use.Signature.Kind, use.Signature.Text));
                }
            }
        }

        foreach (var (use, value) in fieldCodes)
        {
            if (use.Provider is { } p)
            {
                Get(tallies, p).Signature(use.ProviderWeight, new Reason("its code", value));
            }
        }

        if (shape is not null && _knowledge.ShapeProviders.TryGetValue(shape, out var shapeUses))
        {
            foreach (var use in shapeUses)
            {
                Get(tallies, use.Service.Slug).Identifier(use.KindIndex, use.Weight / shapeUses.Count, new Reason("error shape", shape));
            }
        }

        if (status is { } s && _knowledge.ProviderStatuses.TryGetValue(s, out var statusUses))
        {
            foreach (var use in statusUses)
            {
                Get(tallies, use.Provider!).Signature(EvidenceWeights.ProviderStatus / use.SharedBy, new Reason($"HTTP {s}, which only it uses", ""));
            }
        }

        return tallies;
    }

    private Dictionary<string, Tally> ScoreErrors(List<Phrase> phrases, List<(SignatureUse Use, string Value)> fieldCodes,
        int? status, string? provider)
    {
        var tallies = new Dictionary<string, Tally>(StringComparer.Ordinal);
        foreach (var phrase in phrases)
        {
            foreach (var use in phrase.Signatures)
            {
                var weight = use.ErrorWeight;
                if (provider is not null && use.Provider is not null)
                {
                    weight *= use.Provider == provider ? EvidenceWeights.OwnProviderFactor : EvidenceWeights.OtherProviderFactor(use.Signature.Kind);
                }

                Get(tallies, use.Error.Slug).Evidence(weight, new Reason(use.Signature.Kind, use.Signature.Text), use.ClassLevel);
            }
        }

        HashSet<(string, string)>? seen = null;
        foreach (var (use, value) in fieldCodes)
        {
            var weight = use.Provider is null || use.Provider == provider ? EvidenceWeights.FieldCode
                : provider is null ? EvidenceWeights.UnattributedFieldCode / use.SharedBy : 0;
            if (weight > 0 && (seen ??= []).Add((use.Error.Slug, value)))
            {
                Get(tallies, use.Error.Slug).Evidence(weight, new Reason(use.Provider is null ? "code" : $"code of {use.Provider}", value), classLevel: false);
            }
        }

        if (status is { } s)
        {
            foreach (var (error, primary) in _knowledge.StatusErrors.GetValueOrDefault(s, DiagnosisKnowledge.NoStatusErrors))
            {
                Get(tallies, error.Slug).Evidence(primary ? EvidenceWeights.PrimaryStatus : EvidenceWeights.SecondaryStatus, new Reason($"HTTP {s}", ""), classLevel: true);
            }

            foreach (var use in _knowledge.ProviderStatuses.GetValueOrDefault(s, DiagnosisKnowledge.NoSignatures))
            {
                if (use.Provider == provider)
                {
                    Get(tallies, use.Error.Slug).Evidence(EvidenceWeights.ProviderStatus, new Reason($"HTTP {s} from {provider}", ""), classLevel: false);
                }
            }
        }

        var specific = false;
        foreach (var tally in tallies.Values)
        {
            specific |= tally.HasSpecific;
        }

        if (specific)
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
            if (score > top || (score == top && best is not null && string.CompareOrdinal(slug, best) < 0))
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

        var top = 0.0;
        foreach (var tally in errors.Values)
        {
            top = Math.Max(top, tally.Score);
        }

        if (top >= EvidenceWeights.ErrorThreshold)
        {
            Verdict? side = null;
            var agree = true;
            foreach (var (slug, tally) in errors)
            {
                if (tally.Score >= top * EvidenceWeights.NearShare)
                {
                    var verdict = VerdictVocabulary.FromSide(_knowledge.Catalog.FindError(slug)!.Side);
                    agree &= side is null || side == verdict;
                    side = verdict;
                }
            }

            if (agree && side is { } only)
            {
                return only;
            }
        }

        return status switch
        {
            >= 500 => Verdict.ProviderSide,
            >= 400 when errors.Count == 0 => Verdict.YourSide,
            _ => Verdict.CouldNotTell,
        };
    }

    private static List<DiagnosisCandidate> Top(Dictionary<string, Tally> tallies)
    {
        var ranked = new List<(double Score, Tally Tally)>(tallies.Count);
        foreach (var tally in tallies.Values)
        {
            var score = tally.Score;
            if (score > 0)
            {
                ranked.Add((score, tally));
            }
        }

        ranked.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Tally.Slug, b.Tally.Slug));
        var top = new List<DiagnosisCandidate>(Math.Min(MaxCandidates, ranked.Count));
        foreach (var (score, tally) in ranked.Take(MaxCandidates))
        {
            var reasons = new List<string>(MaxReasons);
            foreach (var reason in tally.Reasons)
            {
                var line = reason.ToString();
                if (reasons.Count < MaxReasons && !reasons.Contains(line))
                {
                    reasons.Add(line);
                }
            }

            top.Add(new DiagnosisCandidate(tally.Slug, Math.Round(score, 2), reasons));
        }

        return top;
    }

    private static Tally Get(Dictionary<string, Tally> tallies, string slug)
    {
        if (!tallies.TryGetValue(slug, out var tally))
        {
            tally = new Tally(slug);
            tallies[slug] = tally;
        }

        return tally;
    }
}
