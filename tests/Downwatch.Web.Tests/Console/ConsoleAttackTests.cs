using System.Net;
using Downwatch.Domain.Operators;
using Downwatch.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Downwatch.Web.Tests.Console;

/// <summary>The console attacked: no session, the wrong role, forged forms, a planted cookie, guessing passwords, an
/// address to be sent away to after signing in.</summary>
public sealed class ConsoleAttackTests : IAsyncLifetime
{
    private TestSite _site = default!;

    public async Task InitializeAsync() => _site = await TestSite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private Task<IReadOnlyList<Domain.Incidents.Incident>> OpenIncidentsAsync() =>
        _site.Services.GetRequiredService<IIncidentStore>().OpenAsync();

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/incidents")]
    [InlineData("/admin/statements")]
    [InlineData("/admin/access")]
    [InlineData("/admin/audit")]
    [InlineData("/admin/catalog")]
    public async Task Without_a_session_every_page_sends_to_sign_in(string path)
    {
        using var response = await _site.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/admin/sign-in?returnUrl=", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_session_a_post_changes_nothing()
    {
        using var anonymous = new ConsoleClient(_site);
        var token = ConsoleClient.Hidden((await anonymous.PageAsync("/admin/sign-in")).QuerySelector("form")!).ToArray();
        using var response = await anonymous.PostAsync("/admin/incidents", [.. token, ("target", "openai"), ("title", "x"), ("status", "degraded"), ("text", "x"),
            ("formId", new string('a', 32))]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Empty(await OpenIncidentsAsync());
    }

    [Fact]
    public async Task An_editor_cannot_reach_admin_only_pages_or_actions()
    {
        using var editor = await ConsoleClient.SignedInAsync(_site, "erin", OperatorRole.Editor);
        using var page = await editor.Http.GetAsync("/admin/access");
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        var token = ConsoleClient.Hidden((await editor.PageAsync("/admin/incidents")).QuerySelector("form[action='/admin/incidents']")!).ToArray();
        foreach (var (path, fields) in new[]
        {
            ("/admin/access/issue", new[] { ("kind", "admin"), ("name", "erin2") }),
            ("/admin/access/issue", new[] { ("kind", "key"), ("name", "stolen") }),
            ("/admin/access/revoke", new[] { ("kind", "account"), ("name", "ada") }),
            ("/admin/deliveries/1/drop", Array.Empty<(string, string)>()),
            ("/admin/subscriptions/sub-1/remove", Array.Empty<(string, string)>()),
            ("/admin/catalog/check", Array.Empty<(string, string)>()),
            ("/admin/catalog/reload", Array.Empty<(string, string)>()),
        })
        {
            using var response = await editor.PostAsync(path, [.. token, .. fields]);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.Single(await _site.Services.GetRequiredService<IOperatorStore>().ListAsync());
        Assert.Empty(await _site.Services.GetRequiredService<IApiKeyStore>().ListAsync());
    }

    [Fact]
    public async Task A_form_without_this_sessions_token_is_refused()
    {
        using var erin = await ConsoleClient.SignedInAsync(_site, "erin", OperatorRole.Editor);
        using var mallory = await ConsoleClient.SignedInAsync(_site, "mallory", OperatorRole.Editor);
        (string, string)[] incident = [("target", "openai"), ("title", "Forged"), ("status", "major-outage"), ("text", "x"), ("formId", new string('b', 32))];

        using var noToken = await erin.PostAsync("/admin/incidents", incident);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Contains("has expired or did not come from this console", await noToken.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var malloryToken = ConsoleClient.Hidden((await mallory.PageAsync("/admin/incidents")).QuerySelector("form[action='/admin/incidents']")!)
            .Where(f => f.Item1 != "formId");
        using var foreign = await erin.PostAsync("/admin/incidents", [.. malloryToken, .. incident]);
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);

        using var json = await erin.Http.PostAsync("/admin/incidents", new StringContent("{\"title\":\"x\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Empty(await OpenIncidentsAsync());
    }

    [Fact]
    public async Task A_planted_cookie_is_no_session_and_signing_in_issues_a_new_one()
    {
        using var victim = new ConsoleClient(_site);
        var password = await ConsoleClient.AccountAsync(_site, "vic", OperatorRole.Admin);
        victim.Http.DefaultRequestHeaders.Add("Cookie", "dw_operator=planted-by-an-attacker");
        using var before = await victim.Http.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, before.StatusCode);
        victim.Http.DefaultRequestHeaders.Remove("Cookie");

        using var signedIn = await victim.SignInAsync("vic", password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.NotEqual("planted-by-an-attacker", victim.SessionCookie!.Value);
        Assert.True(victim.SessionCookie.HttpOnly);
        Assert.Equal("/admin", victim.SessionCookie.Path);
        Assert.Contains("samesite=strict", string.Join(";", signedIn.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Signing_out_everywhere_ends_the_other_sessions_of_the_account()
    {
        var password = await ConsoleClient.AccountAsync(_site, "ada", OperatorRole.Admin);
        using var laptop = new ConsoleClient(_site);
        using var phone = new ConsoleClient(_site);
        (await laptop.SignInAsync("ada", password)).Dispose();
        (await phone.SignInAsync("ada", password)).Dispose();
        var stolen = laptop.SessionCookie!.Value;

        using var everywhere = await phone.SubmitAsync("/admin", "form[action='/admin/sign-out-everywhere']");
        Assert.Equal(HttpStatusCode.Redirect, everywhere.StatusCode);
        using var laptopAfter = await laptop.Http.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, laptopAfter.StatusCode);

        using var replay = new ConsoleClient(_site);
        replay.Http.DefaultRequestHeaders.Add("Cookie", $"dw_operator={stolen}");
        using var replayed = await replay.Http.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
    }

    [Fact]
    public async Task Guessing_passwords_locks_the_account_and_the_right_one_waits_for_the_lock()
    {
        var password = await ConsoleClient.AccountAsync(_site, "ada", OperatorRole.Admin);
        using var attacker = new ConsoleClient(_site);
        for (var i = 0; i < SignInRules.MaxFailures; i++)
        {
            using var wrong = await attacker.SignInAsync("ada", $"guess-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var owner = new ConsoleClient(_site);
        using var locked = await owner.SignInAsync("ada", password);
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("This account is locked until", (await ConsoleClient.ParseAsync(locked)).QuerySelector("[role=alert]")!.TextContent,
            StringComparison.Ordinal);
        Assert.Null(owner.SessionCookie);

        using var unknown = await attacker.SignInAsync("nobody", "x");
        Assert.Contains("Wrong name, password or authenticator code.", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        _site.Time.Advance(SignInRules.LockFor);
        using var later = await owner.SignInAsync("ada", password);
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);

        var audit = await _site.Services.GetRequiredService<IAuditLog>().ReadAsync(null, null, 50);
        Assert.Equal(SignInRules.MaxFailures + 1, audit.Count(a => a.Action == "sign-in-failed"));
        Assert.Single(audit, a => a.Action == "sign-in-refused");
        Assert.All(audit, a => Assert.Equal("127.0.0.1", a.Address));
    }

    [Theory]
    [InlineData("//evil.example/admin", "/admin")]
    [InlineData("https://evil.example/admin", "/admin")]
    [InlineData("/\\evil.example", "/admin")]
    [InlineData("/admin//evil.example", "/admin")]
    [InlineData("/administrator", "/admin")]
    [InlineData("/admin/%0d%0aSet-Cookie:x", "/admin/%0d%0aSet-Cookie:x")]
    [InlineData("/admin/incidents?x=1", "/admin/incidents?x=1")]
    public async Task After_signing_in_it_only_returns_inside_the_console(string returnUrl, string expected)
    {
        using var client = new ConsoleClient(_site);
        var password = await ConsoleClient.AccountAsync(_site, "ada", OperatorRole.Admin);
        using var response = await client.SignInAsync("ada", password, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one_and_ends_other_sessions()
    {
        var password = await ConsoleClient.AccountAsync(_site, "ada", OperatorRole.Admin);
        using var here = new ConsoleClient(_site);
        using var there = new ConsoleClient(_site);
        (await here.SignInAsync("ada", password)).Dispose();
        (await there.SignInAsync("ada", password)).Dispose();

        using var wrong = await here.SubmitAsync("/admin", "form[action='/admin/password']", ("current", "nope"), ("new", "a-long-new-passphrase"), ("repeat", "a-long-new-passphrase"));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("The current password is not right.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var changed = await here.SubmitAsync("/admin", "form[action='/admin/password']", ("current", password), ("new", "a-long-new-passphrase"), ("repeat", "a-long-new-passphrase"));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await here.Http.GetAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await there.Http.GetAsync("/admin")).StatusCode);
        using var fresh = new ConsoleClient(_site);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fresh.SignInAsync("ada", password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await fresh.SignInAsync("ada", "a-long-new-passphrase")).StatusCode);
    }

    [Fact]
    public async Task Console_pages_are_never_stored_or_indexed()
    {
        using var ada = await ConsoleClient.SignedInAsync(_site, "ada", OperatorRole.Admin);
        foreach (var path in new[] { "/admin", "/admin/incidents", "/admin/statements", "/admin/access", "/admin/deliveries", "/admin/catalog", "/admin/audit", "/admin/sign-in" })
        {
            using var response = await ada.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl!.NoStore, path);
            Assert.Equal("noindex, nofollow", response.Headers.GetValues("X-Robots-Tag").Single());
            Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }
    }
}
