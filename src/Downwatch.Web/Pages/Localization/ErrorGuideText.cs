using Downwatch.Domain.Catalog;

namespace Downwatch.Web.Pages.Localization;

/// <summary>An error guide's words in the page's language: the catalog's translation when it has one, else the original
/// (and then the page marks them as English).</summary>
public sealed record ErrorGuideText(string Title, string Summary, string Description, IReadOnlyList<string> Causes,
    IReadOnlyList<string> Fixes, IReadOnlyList<string> Prevention, IReadOnlyList<FaqEntry> Faq, string Tag, bool MachineAssisted)
{
    public static ErrorGuideText For(ErrorType error, SiteLanguage language) =>
        language == SiteLanguage.Chinese && error.ZhCn is { } zh
            ? new(zh.Title, zh.Summary, zh.Description, zh.Causes, zh.Fixes, zh.Prevention, zh.Faq, language.Tag, !zh.IsReviewed)
            : new(error.Title, error.Summary, error.Description, error.Causes, error.Fixes, error.Prevention, error.Faq,
                SiteLanguage.English.Tag, false);
}
