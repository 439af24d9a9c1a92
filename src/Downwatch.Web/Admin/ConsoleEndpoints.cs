using Downwatch.Storage;
using Downwatch.Web.Admin.Views;
using Microsoft.AspNetCore.Authentication;

namespace Downwatch.Web.Admin;

/// <summary>The operator console at <c>/admin</c>: sign-in, the overview and one's own account. Every answer is
/// <c>no-store</c> and <c>noindex</c>; every form carries an antiforgery token.</summary>
internal static class ConsoleEndpoints
{
    public static IEndpointRouteBuilder MapOperatorConsole(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup(ConsolePaths.Root).ExcludeFromDescription().AddEndpointFilter(NeverStored);
        open.MapGet("/sign-in", SignInPage);
        open.MapPost("/sign-in", SignIn);
        open.MapGet("/sign-in/external", SignInExternally);
        open.MapGet("/signed-in", SignedIn);

        var console = app.MapGroup(ConsolePaths.Root).ExcludeFromDescription().AddEndpointFilter(NeverStored)
            .RequireAuthorization(ConsoleServiceCollectionExtensions.EditorPolicy);
        console.MapGet("", Dashboard);
        console.MapPost("/sign-out", (Delegate)SignOut);
        console.MapPost("/sign-out-everywhere", SignOutEverywhere);
        console.MapPost("/password", ChangePassword);
        console.MapSecondFactorConsole();
        console.MapIncidentConsole();
        console.MapStatementConsole();
        var admin = console.MapGroup("").RequireAuthorization(ConsoleServiceCollectionExtensions.AdminPolicy);
        admin.MapOperationsConsole();
        return app;
    }

    private static async ValueTask<object?> NeverStored(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var headers = context.HttpContext.Response.Headers;
        headers.CacheControl = "no-store";
        headers["X-Robots-Tag"] = "noindex, nofollow";
        return await next(context);
    }

    // IResult, not the Razor component's result type: the generated request delegates cannot name a Razor component.
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "The request delegate generator cannot see Razor components.")]
    private static IResult SignInPage(HttpContext http, string? returnUrl,
        string? external, OperatorOpenIdConnectOptions provider) =>
        ConsoleRequests.Page<SignInPage>(new SignInModel(http.Frame("Sign in"), ConsolePaths.SafeReturn(returnUrl), "", external switch
        {
            "refused" => $"{provider.DisplayName} signed you in, but gives you no role on this console. Ask an admin of this site to give you one.",
            "failed" => $"Signing in with {provider.DisplayName} did not complete. Try again; if it keeps failing, ask an admin to look at the log.",
            _ => null,
        }) { External = provider.SignInWith });

    /// <summary>Off to the OpenID Connect provider; it sends the browser back to <see cref="OperatorOpenIdConnect.CallbackPath"/>.</summary>
    private static IResult SignInExternally(string? returnUrl, OperatorOpenIdConnectOptions provider) =>
        provider.Enabled
            ? TypedResults.Challenge(new AuthenticationProperties
            {
                RedirectUri = $"{OperatorOpenIdConnect.SignedInPath}?returnUrl={Uri.EscapeDataString(ConsolePaths.SafeReturn(returnUrl))}",
            }, [OperatorOpenIdConnect.Scheme])
            : TypedResults.NotFound();

    /// <summary>The first page after the provider sent the browser back: the session cookie is SameSite=Strict, which a
    /// browser holds back at the end of a redirect chain that began on another site, so this page moves on by itself
    /// (a same-site navigation) instead of redirecting.</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult SignedIn(string? returnUrl)
    {
        var back = System.Net.WebUtility.HtmlEncode(ConsolePaths.SafeReturn(returnUrl));
        return TypedResults.Content($"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0;url={back}\">" +
            $"<title>Signed in</title></head><body><p>Signed in. <a href=\"{back}\">Continue to the console</a>.</p></body></html>", "text/html; charset=utf-8");
    }

    private static async Task<IResult> SignIn(HttpContext http, OperatorSignIn signIn, OperatorOpenIdConnectOptions provider)
    {
        if (await http.FormAsync() is not { } form)
        {
            return ConsoleRequests.Refused();
        }

        var back = ConsolePaths.SafeReturn(form.Field("returnUrl"));
        var (outcome, account) = await signIn.CheckAsync(form.Field("name"), form.Field("password"), form.Field("code"),
            http.ClientAddress(), http.RequestAborted);
        if (outcome != SignInOutcome.SignedIn)
        {
            var message = outcome == SignInOutcome.Locked
                ? $"This account is locked until {account!.LockedUntil:HH:mm} UTC after {Domain.Operators.SignInRules.MaxFailures} wrong passwords or codes in a row."
                : "Wrong name, password or authenticator code.";
            var name = form.Field("name") ?? "";
            return ConsoleRequests.Page<SignInPage>(new SignInModel(http.Frame("Sign in"), back, name.Length <= 64 ? name : "", message)
                { External = provider.SignInWith },
                StatusCodes.Status401Unauthorized);
        }

        // A new ticket on every sign-in: nothing a visitor held before signing in carries over.
        await http.SignOutAsync(ConsoleServiceCollectionExtensions.Scheme);
        await http.SignInAsync(ConsoleServiceCollectionExtensions.Scheme, ConsoleServiceCollectionExtensions.Principal(account!));
        return TypedResults.Redirect(back);
    }

    private static async Task<IResult> Dashboard(HttpContext http, IIncidentStore incidents, IOperatorStatementStore statements,
        IOperatorStore accounts, TimeProvider time) =>
        ConsoleRequests.Page<DashboardPage>(await DashboardAsync(http, http.Frame("Console", http.Notice()), FormEcho.Empty, incidents,
            statements, accounts, time));

    /// <summary>The console's first page: open incidents, what operators said, and one's own account.</summary>
    public static async Task<DashboardModel> DashboardAsync(HttpContext http, ConsoleFrame frame, FormEcho accountForm,
        IIncidentStore incidents, IOperatorStatementStore statements, IOperatorStore accounts, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var account = await accounts.FindAsync(http.OperatorName(), http.RequestAborted);
        return new DashboardModel(frame, await incidents.OpenAsync(http.RequestAborted), await statements.NotEndedAsync(now, http.RequestAborted),
            now, accountForm, account?.HasSecondFactor == true, account?.PasswordHash.Length > 0);
    }

    private static async Task<IResult> SignOut(HttpContext http)
    {
        if (await http.FormAsync() is null)
        {
            return ConsoleRequests.Refused();
        }

        await http.AuditAsync("sign-out", "");
        await http.SignOutAsync(ConsoleServiceCollectionExtensions.Scheme);
        return TypedResults.Redirect(ConsolePaths.SignIn);
    }

    private static async Task<IResult> SignOutEverywhere(HttpContext http, IOperatorStore accounts)
    {
        if (await http.FormAsync() is null)
        {
            return ConsoleRequests.Refused();
        }

        if (await accounts.FindAsync(http.OperatorName(), http.RequestAborted) is { } account)
        {
            await accounts.SaveAsync(account with { Stamp = OperatorSignIn.NewStamp() }, http.RequestAborted);
        }

        await http.AuditAsync("sign-out-everywhere", "every session of the account ended");
        await http.SignOutAsync(ConsoleServiceCollectionExtensions.Scheme);
        return TypedResults.Redirect(ConsolePaths.SignIn);
    }

    private static async Task<IResult> ChangePassword(HttpContext http, IOperatorStore accounts, OperatorSignIn signIn,
        IIncidentStore incidents, IOperatorStatementStore statements, TimeProvider time)
    {
        if (await http.FormAsync() is not { } form)
        {
            return ConsoleRequests.Refused();
        }

        var account = await accounts.FindAsync(http.OperatorName(), http.RequestAborted);
        var problems = new List<Domain.Operators.InputProblem>();
        var next = form.Field("new") ?? "";
        if (account is null || !signIn.Verify(account, form.Field("current") ?? ""))
        {
            problems.Add(new("current", "The current password is not right."));
        }

        if (next.Length is < 12 or > OperatorSignIn.PasswordMax)
        {
            problems.Add(new("new", $"The new password needs 12 to {OperatorSignIn.PasswordMax:N0} characters."));
        }
        else if (next != form.Field("repeat"))
        {
            problems.Add(new("repeat", "The two new passwords differ."));
        }

        if (problems.Count > 0)
        {
            return ConsoleRequests.Page<DashboardPage>(await DashboardAsync(http, http.Frame("Console"),
                new FormEcho(problems, new Dictionary<string, string>()), incidents, statements, accounts, time), StatusCodes.Status400BadRequest);
        }

        var changed = signIn.WithPassword(account!, next);
        await accounts.SaveAsync(changed, http.RequestAborted);
        await http.AuditAsync("password-changed", "own password; other sessions ended");
        // This session goes on with the new stamp; every other one ends at its next request.
        await http.SignInAsync(ConsoleServiceCollectionExtensions.Scheme, ConsoleServiceCollectionExtensions.Principal(changed));
        return ConsoleRequests.Done(ConsolePaths.Root, "password");
    }
}
