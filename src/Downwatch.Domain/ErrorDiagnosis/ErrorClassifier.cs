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

    private static readonly HashSet<string> CodeKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "code", "type", "error", "status", "reason", "error_code", "errorcode", "err_code", "errcode", "status_code", "__type",
        "name", "error_type", "errortype", "x-amzn-errortype",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> CodeKeysBySpan = CodeKeys.GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly DiagnosisKnowledge _knowledge;

    public ErrorClassifier(ServiceCatalog catalog)
    {
        _knowledge = new DiagnosisKnowledge(catalog);
    }

    public ServiceCatalog Catalog => _knowledge.Catalog;

    public DiagnosisResult Diagnose(string? text)
    {
        text ??= "";
        var scratch = DiagnosisScratch.Take();
        try
        {
            return Diagnose(text, scratch);
        }
        finally
        {
            scratch.Release();
        }
    }

    private DiagnosisResult Diagnose(string text, DiagnosisScratch scratch)
    {
        var analysed = Math.Min(text.Length, MaxAnalysedChars);
        var raw = text.AsSpan(0, analysed);
        scratch.ReserveText(analysed);
        var unescaped = FieldReader.Unescape(raw, scratch.First, scratch.Second, out var passes);
        var subject = FieldReader.NeedsFlattening(unescaped)
            ? scratch.Subject.AsSpan(0, FieldReader.Flatten(unescaped, scratch.Subject))
            : unescaped;
        var fields = scratch.Fields;
        var (start, length) = passes == 0 ? fields.AppendRaw(subject)
            : fields.AppendFlattened(FieldReader.FullyEscaped(raw) ? unescaped : raw);
        FieldReader.Read(fields, start, length, 0);
        var phrases = Phrases(subject, scratch);
        var status = HttpStatusReader.Read(subject, fields);
        var shape = ErrorShapes.Detect(fields, subject);
        var fieldCodes = FieldCodes(fields, scratch.FieldCodes);

        var providers = ScoreProviders(phrases, fieldCodes, shape, status, scratch);
        var provider = TallyRanking.Decide(providers, EvidenceWeights.ProviderThreshold, out _);
        var gateway = GatewayReading.Gateway(phrases);
        if (gateway?.Service is { } gatewayService && providers.ContainsKey(gatewayService))
        {
            // A catalogued gateway's own wording makes the error the gateway's, whatever upstream it carries inside.
            provider = gatewayService;
        }

        var errors = ScoreErrors(phrases, fieldCodes, status, provider, scratch);
        var error = TallyRanking.Decide(errors, EvidenceWeights.ErrorThreshold, out var lead);
        var errorCandidates = CandidateList.Top(errors, scratch);
        var providerCandidates = CandidateList.Top(providers, scratch);
        return new DiagnosisResult(provider, error, status, VerdictFor(error, errors, status), FactReader.Read(subject, fields),
            providerCandidates, errorCandidates, shape, analysed, text.Length)
        {
            Gateway = gateway?.Name,
            Upstream = gateway is not null && provider is not null && provider == gateway.Service ? GatewayReading.Upstream(provider, providerCandidates) : null,
            Confidence = error is null ? DiagnosisConfidence.None : EvidenceWeights.Confidence(errors[error], lead, TallyRanking.RivalSpecific(errors, error)),
            WhatWouldDecide = UndecidedHint.For(provider, error, errorCandidates, _knowledge.Catalog),
            NoHttpAnswer = status is null && error is not null && errors[error].Transport,
        };
    }

    /// <summary>The distinct phrases found in the text, after dropping those inside a longer phrase of the same sort.</summary>
    private List<Phrase> Phrases(ReadOnlySpan<char> subject, DiagnosisScratch scratch)
    {
        var hits = scratch.Hits;
        _knowledge.Automaton.Scan(subject, hits, MaxHits);
        var matches = scratch.Matches;
        var known = _knowledge.Phrases;
        foreach (var hit in hits)
        {
            var phrase = known[hit.Phrase];
            var start = hit.End - phrase.Text.Length;
            if ((phrase.BoundaryStart && start > 0 && DiagnosisKnowledge.IsWord(subject[start - 1]))
                || (phrase.BoundaryEnd && hit.End < subject.Length && DiagnosisKnowledge.IsWord(subject[hit.End]))
                || (phrase.CaseSensitive && !subject.Slice(start, phrase.Text.Length).SequenceEqual(phrase.Text))
                || (phrase.StrictEnd && hit.End + 1 < subject.Length && subject[hit.End] is '.' or '/' or '-' or '_'
                    && DiagnosisKnowledge.IsWord(subject[hit.End + 1])))
            {
                continue;
            }

            matches.Add((phrase, start));
        }

        var distinct = scratch.Distinct;
        foreach (var (phrase, _) in WithoutContained(matches, scratch.Kept))
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
    private static List<(Phrase Phrase, int Start)> WithoutContained(List<(Phrase Phrase, int Start)> matches, List<(Phrase Phrase, int Start)> kept)
    {
        matches.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Phrase.Text.Length.CompareTo(a.Phrase.Text.Length));
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

    private List<(SignatureUse Use, string Value)> FieldCodes(TextFieldSet fields, List<(SignatureUse Use, string Value)> found)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            if (f.Value.Length <= 64 && CodeKeysBySpan.Contains(f.Key) && _knowledge.FieldCodesBySpan.TryGetValue(f.Value.Trim(), out var uses))
            {
                var value = f.Value.ToString();
                foreach (var use in uses)
                {
                    found.Add((use, value));
                }
            }
        }

        return found;
    }

    private Dictionary<string, Tally> ScoreProviders(List<Phrase> phrases, List<(SignatureUse Use, string Value)> fieldCodes,
        string? shape, int? status, DiagnosisScratch scratch)
    {
        var tallies = scratch.Providers;
        foreach (var phrase in phrases)
        {
            foreach (var id in phrase.Identifiers)
            {
                scratch.Get(tallies, id.Service.Slug).Identifier(id.KindIndex, id.Weight, id.Reason);
            }

            foreach (var use in phrase.Signatures)
            {
                if (use.Provider is { } p)
                {
                    scratch.Get(tallies, p).Signature(use.ProviderWeight, use.ProviderReason);
                }
            }

            foreach (var gateway in phrase.Gateways)
            {
                if (gateway.Service is { } g)
                {
                    scratch.Get(tallies, g).Identifier(DiagnosisKnowledge.GatewayKindIndex, EvidenceWeights.Identifier("gateway"), _knowledge.GatewayReasons[gateway]);
                }
            }
        }

        foreach (var (use, value) in fieldCodes)
        {
            if (use.Provider is { } p)
            {
                scratch.Get(tallies, p).Signature(use.ProviderWeight, new Reason("its code", value));
            }
        }

        if (shape is not null && _knowledge.ShapeProviders.TryGetValue(shape, out var shapeUses))
        {
            foreach (var use in shapeUses)
            {
                scratch.Get(tallies, use.Service.Slug).Identifier(use.KindIndex, use.Weight / shapeUses.Count, use.ShapeReason);
            }
        }

        if (status is { } s && _knowledge.ProviderStatuses.TryGetValue(s, out var statusUses))
        {
            foreach (var use in statusUses)
            {
                scratch.Get(tallies, use.Provider!).Signature(EvidenceWeights.ProviderStatus / use.SharedBy, new Reason($"HTTP {s}, which only it uses", ""));
            }
        }

        DiscountServedNames(tallies);
        return tallies;
    }

    /// <summary>A platform named by its name or host serves the models and makers named beside it.</summary>
    private void DiscountServedNames(Dictionary<string, Tally> tallies)
    {
        var platformNamed = false;
        foreach (var (slug, tally) in tallies)
        {
            platformNamed |= tally.NamedDirectly && _knowledge.Platforms.Contains(slug);
        }

        if (!platformNamed)
        {
            return;
        }

        foreach (var (slug, tally) in tallies)
        {
            if (!_knowledge.Platforms.Contains(slug))
            {
                tally.DiscountServedNames();
            }
        }
    }

    private Dictionary<string, Tally> ScoreErrors(List<Phrase> phrases, List<(SignatureUse Use, string Value)> fieldCodes,
        int? status, string? provider, DiagnosisScratch scratch)
    {
        var tallies = scratch.Errors;
        foreach (var phrase in phrases)
        {
            foreach (var use in phrase.Signatures)
            {
                if (use.ProviderDependent && use.Provider != provider)
                {
                    continue;
                }

                var weight = use.ErrorWeight;
                if (status is not null && use.Signature.Kind == "transport")
                {
                    // An answer came back: the runtime's failure words are the wrapper's.
                    weight *= EvidenceWeights.TransportWithStatusFactor;
                }

                if (provider is not null && use.Provider is not null)
                {
                    weight *= use.Provider == provider ? EvidenceWeights.OwnProviderFactor : EvidenceWeights.OtherProviderFactor(use.Signature.Kind);
                }

                var transport = use.Signature.Kind == "transport";
                scratch.Get(tallies, use.Error.Slug).Evidence(weight, use.ErrorReason, use.ClassLevel || (transport && status is not null), transport && status is null);
            }
        }

        var seen = scratch.SeenCodes;
        foreach (var (use, value) in fieldCodes)
        {
            var weight = use.Provider is null || use.Provider == provider ? EvidenceWeights.FieldCode
                : provider is null && !EvidenceWeights.IsBareNumber(value) ? EvidenceWeights.UnattributedFieldCode / use.SharedBy : 0;
            if (weight > 0 && !seen.Contains((use.Error.Slug, value)))
            {
                seen.Add((use.Error.Slug, value));
                scratch.Get(tallies, use.Error.Slug).Evidence(weight, new Reason(use.CodeLabel, value), classLevel: EvidenceWeights.IsCatchAll(use.Error.Slug));
            }
        }

        if (status is { } s)
        {
            if (_knowledge.StatusErrors.TryGetValue(s, out var statusErrors))
            {
                var label = _knowledge.StatusLabels[s];
                foreach (var (error, primary) in statusErrors)
                {
                    scratch.Get(tallies, error.Slug).Evidence(primary ? EvidenceWeights.PrimaryStatus : EvidenceWeights.SecondaryStatus, new Reason(label, ""), classLevel: true);
                }
            }

            foreach (var use in _knowledge.ProviderStatuses.GetValueOrDefault(s, DiagnosisKnowledge.NoSignatures))
            {
                if (use.Provider == provider)
                {
                    scratch.Get(tallies, use.Error.Slug).Evidence(EvidenceWeights.ProviderStatus, new Reason($"HTTP {s} from {_knowledge.ProviderName(provider)}", ""), classLevel: false);
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

    private Verdict VerdictFor(string? error, Dictionary<string, Tally> errors, int? status)
    {
        if (error is not null)
        {
            return _knowledge.Verdicts[error];
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
                    var verdict = _knowledge.Verdicts[slug];
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
}
