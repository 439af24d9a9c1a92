using AngleSharp;
using Downwatch.Web.Hosting;

namespace Downwatch.Web.Tests.Hardening;

/// <summary>Every page carries a strict policy and runs no inline script or style; the API reference has its own policy.</summary>
public class SecurityHeaderTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/status/openai")]
    [InlineData("/status/openai?report=open")]
    [InlineData("/is-openai-down")]
    [InlineData("/status/openai/errors/rate-limit-exceeded")]
    [InlineData("/errors")]
    [InlineData("/errors/rate-limit-exceeded")]
    [InlineData("/methodology")]
    [InlineData("/locations")]
    [InlineData("/diagnose?text=429%20Too%20Many%20Requests")]
    [InlineData("/no-such-page")]
    [InlineData("/subscriptions/confirm?token=abc")]
    [InlineData("/badge/openai.svg")]
    [InlineData("/api/v1/services")]
    public async Task Every_page_forbids_inline_script_and_framing_and_has_none(string path)
    {
        await using var site = await TestSite.StartAsync();
        using var response = await site.Client.GetAsync(path);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("style-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));

        if (response.Content.Headers.ContentType?.MediaType == "text/html")
        {
            var document = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(response.Content.ReadAsStream()));
            Assert.All(document.QuerySelectorAll("script"), s => Assert.False(string.IsNullOrEmpty(s.GetAttribute("src")), $"inline script on {path}"));
            Assert.All(document.QuerySelectorAll("script[src]"), s => Assert.StartsWith("/", s.GetAttribute("src"), StringComparison.Ordinal));
            Assert.Empty(document.QuerySelectorAll("style, [style]"));
            Assert.DoesNotContain(document.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
            Assert.All(document.QuerySelectorAll("link[rel=stylesheet]"), l => Assert.StartsWith("/", l.GetAttribute("href"), StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task An_explained_error_carries_the_headers_too()
    {
        await using var site = await TestSite.StartAsync();
        using var response = await site.Client.PostAsync("/api/v1/diagnose", new StringContent("{\"text\":", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(SecurityHeaders.PagePolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task The_api_reference_has_its_own_policy_that_still_forbids_framing()
    {
        await using var site = await TestSite.StartAsync();
        using var response = await site.Client.GetAsync("/api/docs/");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(SecurityHeaders.DocsPolicy, policy);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }
}
