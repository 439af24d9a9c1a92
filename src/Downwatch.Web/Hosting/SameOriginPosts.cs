using Downwatch.Domain.Site;

namespace Downwatch.Web.Hosting;

/// <summary>
/// Cross-site form posts refused without a per-visitor token, so that every public page is the same bytes for everyone
/// (one render, one ETag, cacheable by any proxy): a browser says where a post comes from — <c>Sec-Fetch-Site</c>
/// (Fetch Metadata), else <c>Origin</c> — and only this site's own pages may post. A request with neither comes from
/// no browser (a script with its own HTTP client, which a forged page cannot make a visitor send), and the per-network
/// limits, the honeypot and the optional proof of work apply to it like to every other.
/// </summary>
internal static class SameOriginPosts
{
    public static bool IsAllowed(HttpRequest request, SiteOptions site)
    {
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0)
        {
            return fetchSite == "same-origin";
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        // The browser's origin for this very request, or the public address the site is configured with (behind a proxy).
        return string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase)
            || (Uri.TryCreate(site.BaseUrl, UriKind.Absolute, out var configured)
                && string.Equals(origin, configured.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase));
    }
}
