using System.Net;
using Downwatch.Domain.Operators;
using Downwatch.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Downwatch.Web.Tests.Console;

/// <summary>Sign-in to the console through an OpenID Connect provider on 127.0.0.1, followed hop by hop like a browser.</summary>
public sealed class OpenIdConnectSignInTests : IAsyncLifetime
{
    private FakeOpenIdProvider _provider = default!;
    private TestSite _site = default!;

    public async Task InitializeAsync()
    {
        _provider = await FakeOpenIdProvider.StartAsync();
        _site = await TestSite.StartAsync(null, _provider.Settings());
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await _provider.DisposeAsync();
    }

    private static Dictionary<string, object> Person(string name, params string[] roles) =>
        new() { ["sub"] = $"sub-{name}", ["preferred_username"] = name, ["roles"] = roles };

    [Fact]
    public async Task A_person_the_provider_gives_an_admin_role_gets_in_as_admin_without_a_password_here()
    {
        _provider.NextPerson = Person("grace@example.org", "staff", "downwatch-admins");
        using var browser = new Browser(_site);

        var signInPage = await ConsoleClient.ParseAsync(await browser.GetAsync("/admin/sign-in"));
        var link = signInPage.QuerySelector("a[href^='/admin/sign-in/external']")!;
        Assert.Equal("Sign in with Example SSO", link.TextContent.Trim());

        var (landed, hops) = await browser.FollowAsync(link.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        Assert.Contains(hops, h => h.StartsWith(_provider.Authority + "/authorize", StringComparison.Ordinal));
        Assert.Contains(hops, h => h.Contains("/admin/signin-oidc?code=", StringComparison.Ordinal));
        Assert.EndsWith("/admin/signed-in?returnUrl=%2Fadmin", hops[^1], StringComparison.Ordinal);
        Assert.Contains("http-equiv=\"refresh\" content=\"0;url=/admin\"", await landed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, _provider.TokensIssued);

        using var console = await browser.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, console.StatusCode);
        var dashboard = await console.Content.ReadAsStringAsync();
        Assert.Contains("grace@example.org", dashboard, StringComparison.Ordinal);
        Assert.Contains("You sign in through your organisation", dashboard, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/access")).StatusCode);

        var account = (await _site.Services.GetRequiredService<IOperatorStore>().FindAsync("grace@example.org"))!;
        Assert.Equal(OperatorRole.Admin, account.Role);
        Assert.Equal("", account.PasswordHash);
        var audit = await _site.Services.GetRequiredService<IAuditLog>().ReadAsync("grace@example.org", "sign-in", 5);
        Assert.Contains($"through OpenID Connect ({_provider.Authority})", Assert.Single(audit).Detail, StringComparison.Ordinal);

        // Nothing typed into the password form opens an account that has no password here.
        using var client = new ConsoleClient(_site);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SignInAsync("grace@example.org", "")).StatusCode);
    }

    [Fact]
    public async Task A_role_taken_away_at_the_provider_takes_effect_at_the_next_sign_in_and_ends_the_old_session()
    {
        _provider.NextPerson = Person("lin", "downwatch-admins");
        using var before = new Browser(_site);
        await before.FollowAsync("/admin/sign-in/external?returnUrl=%2Fadmin");
        Assert.Equal(HttpStatusCode.OK, (await before.GetAsync("/admin/access")).StatusCode);

        _provider.NextPerson = Person("lin", "downwatch-editors");
        using var after = new Browser(_site);
        await after.FollowAsync("/admin/sign-in/external?returnUrl=%2Fadmin");
        Assert.Equal(HttpStatusCode.OK, (await after.GetAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await after.GetAsync("/admin/access")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await before.GetAsync("/admin/access")).StatusCode);
    }

    [Theory]
    [InlineData("nobody-special", "staff")]
    [InlineData("ada", "downwatch-admins")]
    public async Task Someone_without_a_configured_role_or_with_a_local_accounts_name_is_refused(string name, string role)
    {
        await ConsoleClient.AccountAsync(_site, "ada", OperatorRole.Editor);
        _provider.NextPerson = Person(name, role);
        using var browser = new Browser(_site);

        var (landed, hops) = await browser.FollowAsync("/admin/sign-in/external?returnUrl=%2Fadmin");
        Assert.EndsWith("/admin/sign-in?external=refused", hops[^1], StringComparison.Ordinal);
        Assert.Contains("gives you no role on this console", (await ConsoleClient.ParseAsync(landed)).QuerySelector("[role=alert]")!.TextContent,
            StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/admin")).StatusCode);
        Assert.Equal(OperatorRole.Editor, (await _site.Services.GetRequiredService<IOperatorStore>().FindAsync("ada"))!.Role);
        Assert.Single(await _site.Services.GetRequiredService<IAuditLog>().ReadAsync(null, "sign-in-refused", 5));
    }

    [Fact]
    public async Task A_forged_return_from_the_provider_signs_nobody_in()
    {
        using var browser = new Browser(_site);
        var (landed, hops) = await browser.FollowAsync("/admin/signin-oidc?code=made-up&state=made-up");
        Assert.EndsWith("/admin/sign-in?external=failed", hops[^1], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        Assert.Equal(0, _provider.TokensIssued);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/admin")).StatusCode);
    }

    [Theory]
    [InlineData("--Console:OpenIdConnect:ClientId=", "Console:OpenIdConnect:ClientId is required")]
    [InlineData("--Console:OpenIdConnect:RequireHttpsMetadata=true", "Console:OpenIdConnect:Authority is plain http")]
    [InlineData("--Console:OpenIdConnect:Authority=not a url", "Console:OpenIdConnect:Authority must be an absolute https address")]
    public async Task Settings_that_cannot_work_stop_start_up_naming_the_key(string setting, string message)
    {
        var settings = _provider.Settings(setting);
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => TestSite.StartAsync(null, settings));
        Assert.Contains(message, string.Join("; ", failure.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_provider_there_is_no_external_sign_in()
    {
        await using var plain = await TestSite.StartAsync();
        using var browser = new Browser(plain);
        Assert.Null((await ConsoleClient.ParseAsync(await browser.GetAsync("/admin/sign-in"))).QuerySelector("a[href^='/admin/sign-in/external']"));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/admin/sign-in/external")).StatusCode);
    }

    /// <summary>Follows redirects across the site and the provider and keeps cookies by name, as a browser would on one
    /// host; expiry dates are ignored because the site's clock is a test clock.</summary>
    private sealed class Browser(TestSite site) : IDisposable
    {
        private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);
        private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

        public async Task<HttpResponseMessage> GetAsync(string pathOrUrl)
        {
            var url = Uri.IsWellFormedUriString(pathOrUrl, UriKind.Absolute) ? new Uri(pathOrUrl) : new Uri(site.Client.BaseAddress!, pathOrUrl);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (_cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await _http.SendAsync(request);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = header.Split(';')[0].Split('=', 2);
                if (pair[1].Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    _cookies.Remove(pair[0]);
                }
                else
                {
                    _cookies[pair[0]] = pair[1];
                }
            }

            return response;
        }

        /// <summary>The last answer and every address visited, following at most ten redirects.</summary>
        public async Task<(HttpResponseMessage Last, List<string> Hops)> FollowAsync(string start)
        {
            var hops = new List<string>();
            var next = start;
            for (var i = 0; i < 10; i++)
            {
                var response = await GetAsync(next);
                hops.Add(response.RequestMessage!.RequestUri!.ToString());
                if ((int)response.StatusCode is < 300 or >= 400)
                {
                    return (response, hops);
                }

                next = new Uri(response.RequestMessage.RequestUri!, response.Headers.Location!).ToString();
                response.Dispose();
            }

            throw new InvalidOperationException("More than ten redirects: " + string.Join(" -> ", hops));
        }

        public void Dispose() => _http.Dispose();
    }
}
