using Downwatch.Domain.Catalog;

namespace Downwatch.Domain.ErrorDiagnosis;

/// <summary>A signature of errors.yaml as the classifier uses it, with how many providers share its text.</summary>
internal sealed record SignatureUse(ErrorType Error, ErrorSignature Signature, int SharedBy, string? ProviderName = null)
{
    public string? Provider => Signature.Provider;

    /// <summary>
    /// The same text means different error types for different providers (Gemini's "You exceeded your current quota"
    /// is its rate limit, OpenAI's a spent balance): it counts for its error type only once its provider is known.
    /// </summary>
    public bool ProviderDependent { get; init; }

    /// <summary>Evidence for its provider, already split between the providers that share the text.</summary>
    public double ProviderWeight { get; } = EvidenceWeights.ProviderSignature(Signature.Kind, Signature.Text, SharedBy);

    /// <summary>Evidence for its error type before provider factors.</summary>
    public double ErrorWeight { get; } = EvidenceWeights.ErrorSignature(Signature.Kind, Signature.Text,
        Signature.Provider is null || EvidenceWeights.IsCatchAll(Error.Slug));

    public bool ClassLevel { get; } = EvidenceWeights.IsClassLevel(Signature.Kind, Signature.Provider is null, Error.Slug, Signature.Text);

    /// <summary>The reason it gives its provider, formatted once.</summary>
    public Reason ProviderReason { get; } = Reason.Formatted("its " + Signature.Kind, Signature.Text);

    /// <summary>The reason it gives its error type, formatted once.</summary>
    public Reason ErrorReason { get; } = Reason.Formatted(EvidenceWeights.KindLabel(Signature.Kind), Signature.Text);

    /// <summary>The label of a field whose value equals it, in words a reader knows ("Baidu Qianfan's code").</summary>
    public string CodeLabel { get; } = Signature.Provider is null ? "code" : $"{ProviderName ?? Signature.Provider}'s code";
}

/// <summary>An identifier of services.yaml as the classifier uses it.</summary>
internal sealed record IdentifierUse(ServiceDefinition Service, ServiceIdentifier Identifier)
{
    public double Weight { get; } = EvidenceWeights.Identifier(Identifier.Kind);

    /// <summary>Position of its kind in <see cref="EvidenceWeights.IdentifierKinds"/>: one slot per kind in a tally.</summary>
    public int KindIndex { get; } = Array.IndexOf(EvidenceWeights.IdentifierKinds, Identifier.Kind);

    /// <summary>The reason it gives its service, formatted once.</summary>
    public Reason Reason { get; } = Reason.Formatted(Identifier.Kind, Identifier.Text);

    /// <summary>The reason an error shape of this name gives its service, formatted once.</summary>
    public Reason ShapeReason { get; } = Reason.Formatted($"the error format of {Service.Name}", "");
}

/// <summary>A literal searched for in the text, with the catalog entries that stand behind it.</summary>
internal sealed class Phrase(string text, bool caseSensitive, bool boundaryStart, bool boundaryEnd)
{
    /// <summary>For names: not followed by ".x", "/x", "-x" or "_x" (a package, path, host or model name).</summary>
    public bool StrictEnd { get; init; }

    public string Text { get; } = text;
    public bool CaseSensitive { get; } = caseSensitive;
    public bool BoundaryStart { get; } = boundaryStart;
    public bool BoundaryEnd { get; } = boundaryEnd;
    public List<SignatureUse> Signatures { get; } = [];
    public List<IdentifierUse> Identifiers { get; } = [];
    public List<GatewayDefinition> Gateways { get; } = [];
}

/// <summary>
/// The catalog compiled for diagnosis: every signature and identifier as a phrase in one automaton, the codes that
/// must equal a field's value (numbers, single plain words), the statuses each error type answers with, and which
/// providers each error-body shape points to. Built once per catalog; reading it is thread-safe.
/// </summary>
internal sealed class DiagnosisKnowledge
{
    private static readonly HashSet<string> SensitiveKinds = new(StringComparer.Ordinal) { "code", "exception", "status", "transport" };

    public DiagnosisKnowledge(ServiceCatalog catalog)
    {
        Catalog = catalog;
        var phrases = new Dictionary<(string, bool), Phrase>();
        var shared = catalog.Errors.SelectMany(e => e.Signatures)
            .Where(s => s.Provider is not null)
            .GroupBy(s => (s.Text.ToLowerInvariant(), s.Kind))
            .ToDictionary(g => g.Key, g => g.Select(s => s.Provider).Distinct().Count());
        // A text that is also a generic signature is printed by many providers: it counts as shared by one more.
        var generic = catalog.Errors.SelectMany(e => e.Signatures).Where(s => s.Provider is null)
            .Select(s => s.Text.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var meanings = catalog.Errors.SelectMany(e => e.Signatures.Where(s => s.Provider is not null).Select(s => (Text: s.Text.ToLowerInvariant(), e.Slug)))
            .GroupBy(m => m.Text).Where(g => g.Select(m => m.Slug).Distinct().Count() > 1)
            .Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var error in catalog.Errors)
        {
            foreach (var signature in error.Signatures)
            {
                var lower = signature.Text.ToLowerInvariant();
                var sharedBy = signature.Provider is null ? 1 : shared[(lower, signature.Kind)] + (generic.Contains(lower) ? 1 : 0);
                var use = new SignatureUse(error, signature, sharedBy, signature.Provider is { } p ? catalog.FindService(p)?.Name : null)
                {
                    ProviderDependent = signature.Provider is not null && meanings.Contains(lower),
                };
                AddSignature(use, phrases);
            }
        }

        foreach (var service in catalog.Services)
        {
            if (EvidenceWeights.ServesOtherMakersModels(service.Category))
            {
                Platforms.Add(service.Slug);
            }

            foreach (var identifier in service.Identifiers)
            {
                var use = new IdentifierUse(service, identifier);
                if (identifier.Kind == "shape")
                {
                    Add(ShapeProviders, identifier.Text, use);
                    continue;
                }

                var sensitive = identifier.Kind is "key-prefix" or "sdk";
                var end = identifier.Kind is "host" or "name";
                var phrase = Phrase(phrases, identifier.Text, sensitive, start: true, end, strictEnd: identifier.Kind == "name");
                phrase.Identifiers.Add(use);
            }
        }

        foreach (var gateway in catalog.Gateways)
        {
            GatewayReasons[gateway] = Reason.Formatted($"the wording of {gateway.Name}, which passes other providers' errors on", "");
            foreach (var marker in gateway.Markers)
            {
                Phrase(phrases, marker, sensitive: false, start: true, end: true).Gateways.Add(gateway);
            }
        }

        Phrases = [.. phrases.Values];
        FieldCodesBySpan = FieldCodes.GetAlternateLookup<ReadOnlySpan<char>>();
        Automaton = new PhraseAutomaton([.. Phrases.Select(p => p.Text)]);
        foreach (var error in catalog.Errors)
        {
            for (var i = 0; i < error.HttpStatuses.Count; i++)
            {
                var status = error.HttpStatuses[i];
                // The first status an error type lists is its usual one; a status only one error type lists is its too.
                var only = catalog.Errors.Count(e => e.HttpStatuses.Contains(status)) == 1;
                var primary = (i == 0 || only) && !StatusErrors.GetValueOrDefault(status, []).Any(s => s.Primary);
                Add(StatusErrors, status, (error, primary));
                StatusLabels[status] = $"HTTP {status}";
            }
        }

        foreach (var error in catalog.Errors)
        {
            Verdicts[error.Slug] = VerdictVocabulary.FromSide(error.Side);
        }
    }

    public ServiceCatalog Catalog { get; }

    /// <summary>The display name of a service, for reasons people read.</summary>
    public string ProviderName(string? slug) => slug is null ? "" : Catalog.FindService(slug)?.Name ?? slug;
    public Phrase[] Phrases { get; }
    public PhraseAutomaton Automaton { get; }

    /// <summary>Codes matched only as the whole value of a code-like field: numbers and single plain words.</summary>
    public Dictionary<string, List<SignatureUse>> FieldCodes { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary><see cref="FieldCodes"/> looked up by a field's characters, without making a string.</summary>
    public Dictionary<string, List<SignatureUse>>.AlternateLookup<ReadOnlySpan<char>> FieldCodesBySpan { get; }

    /// <summary>"HTTP 429": the reason an HTTP status gives the error types that answer with it.</summary>
    public Dictionary<int, string> StatusLabels { get; } = [];

    /// <summary>The verdict each error type's side stands for.</summary>
    public Dictionary<string, Verdict> Verdicts { get; } = new(StringComparer.Ordinal);

    /// <summary>Numeric statuses a provider's signature names (Anthropic's 529).</summary>
    public Dictionary<int, List<SignatureUse>> ProviderStatuses { get; } = [];

    /// <summary>Error types per HTTP status; the first error type (in catalog order) that lists the status first is primary.</summary>
    public Dictionary<int, List<(ErrorType Error, bool Primary)>> StatusErrors { get; } = [];

    public static readonly List<(ErrorType Error, bool Primary)> NoStatusErrors = [];
    public static readonly List<SignatureUse> NoSignatures = [];

    public Dictionary<string, List<IdentifierUse>> ShapeProviders { get; } = new(StringComparer.Ordinal);

    /// <summary>Services that serve other makers' models (inference platforms, cloud AI platforms, routers).</summary>
    public HashSet<string> Platforms { get; } = new(StringComparer.Ordinal);

    /// <summary>The reason a gateway's marker gives the service the gateway is, formatted once.</summary>
    public Dictionary<GatewayDefinition, Reason> GatewayReasons { get; } = [];

    /// <summary>Slot of gateway evidence in a provider's tally.</summary>
    public static readonly int GatewayKindIndex = Array.IndexOf(EvidenceWeights.IdentifierKinds, "gateway");

    private void AddSignature(SignatureUse use, Dictionary<(string, bool), Phrase> phrases)
    {
        var text = use.Signature.Text;
        var kind = use.Signature.Kind;
        if (text.All(char.IsAsciiDigit))
        {
            if (kind == "status" && use.Provider is not null && int.TryParse(text, out var status))
            {
                Add(ProviderStatuses, status, use);
            }
            else if (kind == "code")
            {
                Add(FieldCodes, text, use);
            }

            // A bare generic status ("401") is read by the status reader and scored through http_statuses.
            return;
        }

        if (kind is "code" or "status" && IsPlainWord(text))
        {
            Add(FieldCodes, text, use);
            return;
        }

        // A long message is specific enough to count wherever it appears (even glued to a status: "429This request…").
        var sensitive = SensitiveKinds.Contains(kind) && text.Any(char.IsAsciiLetterUpper);
        var bounded = kind != "message" || text.Length < 12;
        Phrase(phrases, text, sensitive, bounded, bounded).Signatures.Add(use);
    }

    private static Phrase Phrase(Dictionary<(string, bool), Phrase> phrases, string text, bool sensitive, bool start, bool end,
        bool strictEnd = false)
    {
        var key = (sensitive ? text : text.ToLowerInvariant(), sensitive);
        if (!phrases.TryGetValue(key, out var phrase))
        {
            phrase = new Phrase(text, sensitive, start && IsWord(text[0]), end && IsWord(text[^1])) { StrictEnd = strictEnd };
            phrases[key] = phrase;
        }

        return phrase;
    }

    /// <summary>"forbidden", "Throttling": too common in prose to count unless they are a field's whole value.</summary>
    private static bool IsPlainWord(string text) =>
        text.All(char.IsAsciiLetter) && !text.All(char.IsAsciiLetterUpper) && !text.Skip(1).Any(char.IsAsciiLetterUpper);

    internal static bool IsWord(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> map, TKey key, TValue value)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map[key] = list;
        }

        list.Add(value);
    }
}
