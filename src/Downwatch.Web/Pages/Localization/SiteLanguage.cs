using System.Globalization;
using System.Resources;
using Downwatch.Domain.Status;

namespace Downwatch.Web.Pages.Localization;

/// <summary>
/// The language a page is written in, with its texts (Localization/SiteText*.resx) looked up for that language
/// explicitly — never through the thread's culture, which a shared render could carry over from another visitor.
/// </summary>
public sealed class SiteLanguage
{
    private static readonly ResourceManager Texts = new("Downwatch.Web.Pages.Localization.SiteText", typeof(SiteLanguage).Assembly);

    public static readonly SiteLanguage English = new("en", "");

    /// <summary>Simplified Chinese, under <c>/zh-CN/</c>.</summary>
    public static readonly SiteLanguage Chinese = new("zh-CN", "/zh-CN");

    private readonly CultureInfo _culture;

    private SiteLanguage(string tag, string prefix)
    {
        Tag = tag;
        Prefix = prefix;
        _culture = CultureInfo.GetCultureInfo(tag);
    }

    /// <summary>The site's other language, which every translated page links to.</summary>
    public SiteLanguage Other => this == English ? Chinese : English;

    /// <summary>The BCP 47 tag, for <c>lang</c> and <c>hreflang</c>.</summary>
    public string Tag { get; }

    /// <summary>What the addresses of this language's pages start with ("" for English).</summary>
    public string Prefix { get; }

    /// <summary>The text named <paramref name="key"/>, with <paramref name="args"/> put in its places.</summary>
    public string Text(string key, params object?[] args)
    {
        var text = Texts.GetString(key, _culture) ?? throw new InvalidOperationException($"No text '{key}' for {Tag} in SiteText.resx.");
        return args.Length == 0 ? text : string.Format(_culture, text, args);
    }

    public string Status(ServiceStatus status) => this == English ? status.Title() : Text("Status." + status.Token());

    /// <summary>A catalog category's title ("LLM APIs", "大模型 API").</summary>
    public string Category(string slug) => this == English ? Domain.Catalog.ServiceCategories.Title(slug) : Text("Category." + slug);

    /// <summary>"probed 3 min ago": how old our own newest probe result is — not the status page's or a report's,
    /// which would call a service "checked just now" whose probes are stale — or that there is none recent.</summary>
    public string Probed(Assessment a, DateTimeOffset now) =>
        Formatting.LastProbed(a) is { } at ? Text("Probed", Ago(at, now)) : Text("NoProbeResult");

    public string Ago(DateTimeOffset at, DateTimeOffset now)
    {
        var span = now - at;
        return span.TotalSeconds < 60 ? Text("JustNow")
            : span.TotalMinutes < 60 ? Text("MinutesAgo", (int)span.TotalMinutes)
            : span.TotalHours < 48 ? Text("HoursAgo", (int)span.TotalHours)
            : Text("DaysAgo", (int)span.TotalDays);
    }

    /// <summary>What <paramref name="a"/> means for a visitor, in one sentence.</summary>
    public string DiagnosisSentence(Assessment a, string name) => (a.Status, a.Diagnosis) switch
    {
        (ServiceStatus.Unknown, _) => Text("Sentence.Unknown", name),
        (_, Diagnosis.GlobalOutage) => Text("Sentence.GlobalOutage", name),
        (_, Diagnosis.PartialIncident) when a.Status == ServiceStatus.Maintenance => Text("Sentence.Maintenance", name),
        (_, Diagnosis.PartialIncident) => Text("Sentence.PartialIncident", name),
        (_, Diagnosis.LocalIssue) => Text("Sentence.LocalIssue", name),
        _ => Text("Sentence.Mixed", name),
    };

    public string ConfidenceText(Confidence c) => Text("Confidence." + c);

    public string SourceText(EvidenceSource s) => Text("Source." + s);
}
