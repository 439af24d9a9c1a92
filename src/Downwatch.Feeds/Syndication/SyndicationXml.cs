using System.Net;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Downwatch.Domain.Incidents;
using Downwatch.Feeds.Reading;

namespace Downwatch.Feeds.Syndication;

/// <summary>One RSS item or Atom entry, format-neutral.</summary>
internal sealed record SyndicationEntry(string Id, string Title, string? Link, DateTimeOffset? Published, DateTimeOffset? Updated,
    string Html, IReadOnlyList<string> Categories);

/// <summary>Safe loading of RSS 2.0 and Atom documents (no DTDs, no external entities, bounded size) and their entries.</summary>
internal static partial class SyndicationXml
{
    public static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = 50_000_000,
        MaxCharactersFromEntities = 1_000_000,
        IgnoreComments = true,
    };

    public static XDocument Load(FeedPayload payload, string format)
    {
        if (payload.LooksLikeHtml)
        {
            throw new FeedFormatException($"expected {format} but the server sent an HTML page (content type '{payload.ContentType ?? "none"}')");
        }

        var media = payload.MediaType;
        if (media.Length > 0 && !media.Contains("xml", StringComparison.Ordinal) && !media.Contains("rss", StringComparison.Ordinal)
            && !media.Contains("atom", StringComparison.Ordinal) && media is not ("text/plain" or "application/octet-stream"))
        {
            throw new FeedFormatException($"expected {format} but the content type is '{payload.ContentType}'");
        }

        try
        {
            using var reader = XmlReader.Create(new StringReader(payload.Text), Settings);
            return XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new FeedFormatException($"malformed or truncated XML at line {e.LineNumber}, position {e.LinePosition}: {e.Message.Split(" Line ")[0]}", e);
        }
    }

    public static XDocument? TryLoad(FeedPayload payload)
    {
        if (payload.FirstChar != '<' || payload.LooksLikeHtml)
        {
            return null;
        }

        try
        {
            using var reader = XmlReader.Create(new StringReader(payload.Text), Settings);
            return XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    public static bool IsRss(XDocument doc) => doc.Root?.Name.LocalName == "rss" && doc.Root.Element("channel") is not null;

    public static bool IsAtom(XDocument doc) => doc.Root?.Name == Atom + "feed";

    /// <summary>The channel's or feed's title and link.</summary>
    public static (string? Title, string? Link) Head(XDocument doc) => IsRss(doc)
        ? (Clean(doc.Root!.Element("channel")!.Element("title")?.Value), Clean(doc.Root.Element("channel")!.Element("link")?.Value))
        : (Clean(doc.Root?.Element(Atom + "title")?.Value), AtomLink(doc.Root));

    public static IEnumerable<SyndicationEntry> Entries(XDocument doc)
    {
        if (IsRss(doc))
        {
            foreach (var item in doc.Root!.Element("channel")!.Elements("item"))
            {
                var link = Clean(item.Element("link")?.Value);
                var title = Clean(item.Element("title")?.Value) ?? "(untitled)";
                var id = Clean(item.Element("guid")?.Value) ?? link ?? title;
                var date = FeedDates.Parse(item.Element("pubDate")?.Value);
                yield return new SyndicationEntry(TextLimits.Cut(id, TextLimits.Short), TextLimits.Cut(title, TextLimits.Short), link, date, date,
                    item.Element("description")?.Value ?? "", [.. item.Elements("category").Select(c => c.Value.Trim())]);
            }
        }
        else if (IsAtom(doc))
        {
            foreach (var entry in doc.Root!.Elements(Atom + "entry"))
            {
                var link = AtomLink(entry);
                var title = Clean(entry.Element(Atom + "title")?.Value) ?? "(untitled)";
                var id = Clean(entry.Element(Atom + "id")?.Value) ?? link ?? title;
                yield return new SyndicationEntry(TextLimits.Cut(id, TextLimits.Short), TextLimits.Cut(title, TextLimits.Short), link,
                    FeedDates.Parse(entry.Element(Atom + "published")?.Value), FeedDates.Parse(entry.Element(Atom + "updated")?.Value),
                    entry.Element(Atom + "content")?.Value ?? entry.Element(Atom + "summary")?.Value ?? "",
                    [.. entry.Elements(Atom + "category").Select(c => (string?)c.Attribute("term") ?? c.Value)]);
            }
        }
    }

    /// <summary>Plain text of an HTML fragment: paragraphs and line breaks kept as new lines, tags dropped, entities decoded.</summary>
    public static string HtmlText(string html)
    {
        var broken = LineBreaks().Replace(html, "\n");
        var text = WebUtility.HtmlDecode(Tags().Replace(broken, ""));
        var lines = text.Split('\n').Select(l => Spaces().Replace(l, " ").Trim()).Where(l => l.Length > 0);
        return TextLimits.Cut(string.Join("\n", lines), TextLimits.Long);
    }

    /// <summary>A phase stated by the entry: a "Status: X" line, a category, or a "[Resolved]"-style title prefix.</summary>
    public static VendorPhase? StatedPhase(SyndicationEntry entry, string text)
    {
        var status = StatusLine().Match(text);
        if (status.Success && VendorPhases.Parse(status.Groups[1].Value) is { } fromLine)
        {
            return fromLine;
        }

        foreach (var category in entry.Categories)
        {
            if (VendorPhases.Parse(category) is { } fromCategory and not VendorPhase.Update)
            {
                return fromCategory;
            }
        }

        var prefix = TitlePrefix().Match(entry.Title);
        if (prefix.Success)
        {
            return VendorPhases.Parse(prefix.Groups[1].Value);
        }

        return FinishedMark().IsMatch(entry.Title) ? VendorPhase.Resolved : null;
    }

    private static string? AtomLink(XElement? element) =>
        element?.Elements(Atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") is null or "alternate")?.Attribute("href")?.Value;

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : Spaces().Replace(value, " ").Trim();

    [GeneratedRegex(@"<\s*(br|/p|/div|/h\d|/li)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreaks();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"[ \t\r\f\v\u00a0]+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\bstatus:\s*([A-Za-z_ ]{3,30}?)\s*(\n|$)", RegexOptions.IgnoreCase)]
    private static partial Regex StatusLine();

    /// <summary>A bracketed "it is over" anywhere in a title, as feeds that rewrite an event's title when it ends write it:
    /// "方舟大模型服务平台异常(已恢复)" (Volcengine), "Service is operating normally: [RESOLVED] …" (AWS),
    /// "[Incident (Recovered)] …" / "[Incident Recovered] …" (Alibaba Cloud).</summary>
    [GeneratedRegex(@"[\[(（]\s*(?:incident\s*[(（]?\s*)?(?:已恢复|已解决|resolved|recovered)\s*[)）]?\s*[\])）]", RegexOptions.IgnoreCase)]
    private static partial Regex FinishedMark();

    [GeneratedRegex(@"^\s*[\[(]?\s*(resolved|investigating|identified|monitoring|completed|scheduled|in progress)\s*[\]):]", RegexOptions.IgnoreCase)]
    private static partial Regex TitlePrefix();
}
