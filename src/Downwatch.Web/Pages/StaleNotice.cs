using System.Text;
using System.Text.Encodings.Web;
using Downwatch.Web.Pages.Localization;

namespace Downwatch.Web.Pages;

/// <summary>
/// The notice that the statuses on a page are old (<see cref="BoardAge"/>): written by the layout, and put into a page
/// served as last rendered when it cannot be rendered anew (the database lost), so that page says it too.
/// </summary>
internal static class StaleNotice
{
    private static readonly byte[] Main = "<main id=\"main\">"u8.ToArray();

    public static string Html(SiteLanguage language, DateTimeOffset since, string siteName) =>
        $"<p class=\"banner stale\" role=\"status\" data-stale=\"{Formatting.Iso(since)}\">"
        + HtmlEncoder.Default.Encode(language.Text("StaleBoard", Formatting.Utc(since), siteName)) + "</p>";

    /// <summary>The page's HTML with the notice first in its main part, in the page's language; null when it has no main part.</summary>
    public static byte[]? Into(byte[] page, DateTimeOffset since, string siteName)
    {
        var at = page.AsSpan().IndexOf(Main);
        if (at < 0)
        {
            return null;
        }

        var chinese = page.AsSpan(0, Math.Min(page.Length, 200)).IndexOf("lang=\"zh-CN\""u8) >= 0;
        var notice = Encoding.UTF8.GetBytes(Html(chinese ? SiteLanguage.Chinese : SiteLanguage.English, since, siteName));
        var end = at + Main.Length;
        return [.. page.AsSpan(0, end), .. notice, .. page.AsSpan(end)];
    }
}
