using System.Net;
using Downwatch.Domain.Operators;
using Downwatch.Storage;
using Downwatch.Web.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace Downwatch.Web.Tests.Console;

/// <summary>Two-step sign-in with an authenticator app, driven through the running console like a browser would.</summary>
public sealed class SecondFactorTests : IAsyncLifetime
{
    private TestSite _site = default!;

    public async Task InitializeAsync() => _site = await TestSite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();


    private Task<OperatorAccount?> AccountAsync(string name) => _site.Services.GetRequiredService<IOperatorStore>().FindAsync(name);

    /// <summary>A new account signed in with the two-step offer open: its password, the secret shown and the confirming
    /// form's hidden fields.</summary>
    private async Task<(ConsoleClient Client, string Password, string Key, (string, string)[] Hidden)> OfferedAsync(string name, OperatorRole role)
    {
        var password = await ConsoleClient.AccountAsync(_site, name, role);
        var client = new ConsoleClient(_site);
        (await client.SignInAsync(name, password)).Dispose();
        using var offered = await client.SubmitAsync("/admin", "form[action='/admin/two-step']");
        Assert.Equal(HttpStatusCode.OK, offered.StatusCode);
        var page = await ConsoleClient.ParseAsync(offered);
        var key = page.QuerySelector("code.secret")!.TextContent;
        Assert.Contains($"otpauth://totp/{OperatorSecondFactor.Issuer}:{name}?secret={key}", page.Body!.TextContent, StringComparison.Ordinal);
        return (client, password, key, [.. ConsoleClient.Hidden(page.QuerySelector("form[action='/admin/two-step/on']")!)]);
    }

    /// <summary>Signs in, turns two-step sign-in on with the current code and returns the password and the secret.</summary>
    private async Task<(string Password, string Key)> TurnedOnAsync(string name)
    {
        var (client, password, key, hidden) = await OfferedAsync(name, OperatorRole.Editor);
        using (client)
        {
            using var on = await client.PostAsync("/admin/two-step/on", [.. hidden, ("code", OperatorSecondFactor.CodeAt(key, _site.Time.GetUtcNow()))]);
            Assert.Equal(HttpStatusCode.Redirect, on.StatusCode);
        }

        // The code that turned it on is spent; the next sign-in needs the next one.
        _site.Time.Advance(TimeSpan.FromSeconds(30));
        return (password, key);
    }

    [Fact]
    public async Task Turning_it_on_needs_a_current_code_from_the_offered_secret()
    {
        var (client, _, key, hidden) = await OfferedAsync("ada", OperatorRole.Admin);
        using var session = client;

        using var wrong = await client.PostAsync("/admin/two-step/on", [.. hidden, ("code", "000000")]);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var again = await ConsoleClient.ParseAsync(wrong);
        Assert.Contains("not the current code", again.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(key, again.QuerySelector("code.secret")!.TextContent);
        Assert.False((await AccountAsync("ada"))!.HasSecondFactor);

        // Someone else's offer, or a forged one, turns nothing on.
        using var forged = await client.PostAsync("/admin/two-step/on",
            [.. hidden.Where(h => h.Item1 != "pending"), ("pending", "not-an-offer"), ("code", OperatorSecondFactor.CodeAt(key, _site.Time.GetUtcNow()))]);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("That offer has expired", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False((await AccountAsync("ada"))!.HasSecondFactor);

        using var right = await client.PostAsync("/admin/two-step/on", [.. hidden, ("code", OperatorSecondFactor.CodeAt(key, _site.Time.GetUtcNow()))]);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        var account = (await AccountAsync("ada"))!;
        Assert.True(account.HasSecondFactor);
        Assert.DoesNotContain(key, account.SecondFactor!, StringComparison.Ordinal);
        Assert.Single(await _site.Services.GetRequiredService<IAuditLog>().ReadAsync("ada", "two-step-on", 10));
    }

    [Fact]
    public async Task An_offer_left_too_long_is_refused_and_a_new_secret_offered()
    {
        var (client, _, key, hidden) = await OfferedAsync("ada", OperatorRole.Admin);
        using var session = client;
        _site.Time.Advance(OperatorSecondFactor.OfferLifetime + TimeSpan.FromMinutes(1));

        using var late = await client.PostAsync("/admin/two-step/on", [.. hidden, ("code", OperatorSecondFactor.CodeAt(key, _site.Time.GetUtcNow()))]);
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.NotEqual(key, (await ConsoleClient.ParseAsync(late)).QuerySelector("code.secret")!.TextContent);
        Assert.False((await AccountAsync("ada"))!.HasSecondFactor);
    }

    [Fact]
    public async Task Once_on_signing_in_needs_the_password_and_a_fresh_code_and_each_code_works_once()
    {
        var (password, key) = await TurnedOnAsync("ada");
        using var client = new ConsoleClient(_site);

        using var passwordOnly = await client.SignInAsync("ada", password);
        Assert.Equal(HttpStatusCode.Unauthorized, passwordOnly.StatusCode);
        Assert.Contains("Wrong name, password or authenticator code.", await passwordOnly.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var code = OperatorSecondFactor.CodeAt(key, _site.Time.GetUtcNow());
        using var wrongPassword = await client.SubmitAsync("/admin/sign-in", "form[action='/admin/sign-in']",
            ("name", "ada"), ("password", "not-it"), ("code", code));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);

        using var signedIn = await client.SubmitAsync("/admin/sign-in", "form[action='/admin/sign-in']",
            ("name", "ada"), ("password", password), ("code", code));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/admin")).StatusCode);

        // The same code seen over a shoulder, within its 30 seconds, opens nothing.
        using var thief = new ConsoleClient(_site);
        using var replayed = await thief.SubmitAsync("/admin/sign-in", "form[action='/admin/sign-in']",
            ("name", "ada"), ("password", password), ("code", code));
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Null(thief.SessionCookie);

        _site.Time.Advance(TimeSpan.FromSeconds(30));
        using var next = await thief.SubmitAsync("/admin/sign-in", "form[action='/admin/sign-in']",
            ("name", "ada"), ("password", password), ("code", OperatorSecondFactor.CodeAt(key, _site.Time.GetUtcNow())));
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);

        var audit = await _site.Services.GetRequiredService<IAuditLog>().ReadAsync("ada", "sign-in-failed", 10);
        Assert.Equal(2, audit.Count(a => a.Detail.StartsWith("wrong or reused authenticator code", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Guessing_codes_locks_the_account_like_guessing_passwords()
    {
        var (password, key) = await TurnedOnAsync("ada");
        using var attacker = new ConsoleClient(_site);
        for (var i = 0; i < SignInRules.MaxFailures; i++)
        {
            using var guess = await attacker.SubmitAsync("/admin/sign-in", "form[action='/admin/sign-in']",
                ("name", "ada"), ("password", password), ("code", $"{i:000000}"));
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }

        using var owner = new ConsoleClient(_site);
        using var locked = await owner.SubmitAsync("/admin/sign-in", "form[action='/admin/sign-in']",
            ("name", "ada"), ("password", password), ("code", OperatorSecondFactor.CodeAt(key, _site.Time.GetUtcNow())));
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("This account is locked until", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Turning_it_off_needs_the_password_and_a_code_and_a_new_password_from_the_server_clears_it()
    {
        var (password, key) = await TurnedOnAsync("ada");
        using var client = new ConsoleClient(_site);
        (await client.SubmitAsync("/admin/sign-in", "form[action='/admin/sign-in']",
            ("name", "ada"), ("password", password), ("code", OperatorSecondFactor.CodeAt(key, _site.Time.GetUtcNow())))).Dispose();
        _site.Time.Advance(TimeSpan.FromSeconds(30));

        using var noCode = await client.SubmitAsync("/admin", "form[action='/admin/two-step/off']", ("current", password), ("code", "123456"));
        Assert.Equal(HttpStatusCode.BadRequest, noCode.StatusCode);
        Assert.Contains("two-step sign-in stays on", await noCode.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True((await AccountAsync("ada"))!.HasSecondFactor);

        using var off = await client.SubmitAsync("/admin", "form[action='/admin/two-step/off']",
            ("current", password), ("code", OperatorSecondFactor.CodeAt(key, _site.Time.GetUtcNow())));
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.False((await AccountAsync("ada"))!.HasSecondFactor);
        using var passwordOnly = await new ConsoleClient(_site).SignInAsync("ada", password);
        Assert.Equal(HttpStatusCode.Redirect, passwordOnly.StatusCode);

        // Someone who lost the app gets a new password from the server (downwatch admins add), which clears the second step.
        await TurnedOnAsync("bob");
        var signIn = _site.Services.GetRequiredService<OperatorSignIn>();
        var (reissued, newPassword) = signIn.Issue("bob", OperatorRole.Editor, await AccountAsync("bob"));
        Assert.False(reissued.HasSecondFactor);
        await _site.Services.GetRequiredService<IOperatorStore>().SaveAsync(reissued);
        using var back = await new ConsoleClient(_site).SignInAsync("bob", newPassword);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
    }
}
