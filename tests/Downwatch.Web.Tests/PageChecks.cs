using AngleSharp.Dom;

namespace Downwatch.Web.Tests;

/// <summary>Checks every page in these tests must pass.</summary>
public static class PageChecks
{
    /// <summary>
    /// A headline status must be explained by the page: an outage or degradation needs at least one component
    /// or evidence sentence that is not operational, and "Operational" needs a checked component.
    /// </summary>
    public static void AssertHonest(IDocument page, string path)
    {
        var headline = page.QuerySelector("#current-status .pill")?.GetAttribute("data-status");
        if (headline is null)
        {
            return;
        }

        var components = page.QuerySelectorAll("table.components tr[data-component] .pill").Select(p => p.GetAttribute("data-status")).ToList();
        var evidence = page.QuerySelectorAll(".evidence li").Select(li => li.TextContent).ToList();
        switch (headline)
        {
            case "major-outage" or "partial-outage" or "degraded":
                Assert.True(components.Any(c => c != "operational" && c != "unknown") || evidence.Any(e => e.Contains("Users report problems", StringComparison.Ordinal)),
                    $"{path}: headline {headline} but no component or report evidence shows a problem");
                Assert.True(evidence.Count > 0, $"{path}: headline {headline} without evidence");
                break;
            case "operational":
                Assert.Contains(components, c => c == "operational");
                break;
            case "unknown":
                Assert.DoesNotContain(components, c => c is "major-outage" or "partial-outage");
                break;
        }
    }

    public static void AssertHead(IDocument page, string canonicalPath, string lang = "en")
    {
        Assert.False(string.IsNullOrWhiteSpace(page.Title));
        Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector("meta[name=description]")?.GetAttribute("content")));
        Assert.EndsWith(canonicalPath, page.QuerySelector("link[rel=canonical]")?.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Single(page.QuerySelectorAll("h1"));
        Assert.Equal(lang, page.DocumentElement.GetAttribute("lang"));
    }
}
