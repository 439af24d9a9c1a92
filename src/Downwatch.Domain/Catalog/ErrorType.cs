namespace Downwatch.Domain.Catalog;

/// <summary>An error users of AI services meet, as described in catalog/errors.yaml.</summary>
public sealed class ErrorType : ICatalogEntry
{
    public string Slug { get; init => field = value ?? ""; } = "";
    public string Title { get; init => field = value ?? ""; } = "";
    public string Summary { get; init => field = value ?? ""; } = "";
    public string Side { get; init => field = value ?? ""; } = "";
    public List<int> HttpStatuses { get; init => field = value ?? []; } = [];
    public string Description { get; init => field = value ?? ""; } = "";
    public List<ErrorSignature> Signatures { get; init => field = value ?? []; } = [];
    public List<string> Causes { get; init => field = value ?? []; } = [];
    public List<string> Fixes { get; init => field = value ?? []; } = [];
    public List<string> Prevention { get; init => field = value ?? []; } = [];
    public List<FaqEntry> Faq { get; init => field = value ?? []; } = [];
    public List<ProviderNote> ProviderNotes { get; init => field = value ?? []; } = [];
    public List<string> Unconfirmed { get; init => field = value ?? []; } = [];

    /// <summary>The same guide in Simplified Chinese, when written.</summary>
    public ErrorTypeTranslation? ZhCn { get; init; }

    /// <summary>Signatures that apply to a service: the generic ones and the service's own.</summary>
    public IEnumerable<ErrorSignature> SignaturesFor(string serviceSlug) =>
        Signatures.Where(s => s.Provider is null || s.Provider == serviceSlug);

    public ProviderNote? NoteFor(string serviceSlug) =>
        ProviderNotes.FirstOrDefault(n => n.Provider == serviceSlug);
}

/// <summary>An error guide's words in another language; the signatures, statuses and provider notes stay the original's.</summary>
public sealed class ErrorTypeTranslation
{
    /// <summary>"machine-assisted" until a person who reads both languages has checked it, then "reviewed".</summary>
    public string Review { get; init => field = value ?? ""; } = "";
    public string Title { get; init => field = value ?? ""; } = "";
    public string Summary { get; init => field = value ?? ""; } = "";
    public string Description { get; init => field = value ?? ""; } = "";
    public List<string> Causes { get; init => field = value ?? []; } = [];
    public List<string> Fixes { get; init => field = value ?? []; } = [];
    public List<string> Prevention { get; init => field = value ?? []; } = [];
    public List<FaqEntry> Faq { get; init => field = value ?? []; } = [];

    public bool IsReviewed => Review == "reviewed";
}

public sealed class ErrorSignature : ICatalogEntry
{
    public string Text { get; init => field = value ?? ""; } = "";
    public string? Provider { get; init; }
    public string Kind { get; init => field = value ?? ""; } = "";
    public List<string> Unconfirmed { get; init => field = value ?? []; } = [];
}

public sealed class FaqEntry : ICatalogEntry
{
    public string Q { get; init => field = value ?? ""; } = "";
    public string A { get; init => field = value ?? ""; } = "";
    public List<string> Unconfirmed { get; init => field = value ?? []; } = [];
}

public sealed class ProviderNote : ICatalogEntry
{
    public string Provider { get; init => field = value ?? ""; } = "";
    public string Note { get; init => field = value ?? ""; } = "";
    public List<string> Unconfirmed { get; init => field = value ?? []; } = [];
}
