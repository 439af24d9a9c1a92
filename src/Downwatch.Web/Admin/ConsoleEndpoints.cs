using Downwatch.Storage;
using Downwatch.Web.Admin.Views;
using Microsoft.AspNetCore.Authentication;

namespace Downwatch.Web.Admin;

/// <summary>The operator console at <c>/admin</c>: sign-in, the overview and one's own account. Every answer is
/// <c>no-store</c> and <c>noindex</c>; every form carries an antiforgery token.</summary>
public static class ConsoleEndpoints
{
    public static IEndpointRouteBuilder MapOperatorConsole(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup(ConsolePaths.Root).ExcludeFromDescription().AddEndpointFilter(NeverStored);
        open.MapGet("/sign-in", SignInPage);
        open.MapPost("/sign-in", SignIn);

        var console = app.MapGroup(ConsolePaths.Root).ExcludeFromDescription().AddEndpointFilter(NeverStored)
            .RequireAuthorization(ConsoleServiceCollectionExtensions.EditorPolicy);
        console.MapGet("", Dashboard);
        console.MapPost("/sign-out", (Delegate)SignOut);
        console.MapPost("/sign-out-everywhere", SignOutEverywhere);
        console.MapPost("/password", ChangePassword);
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

    private static Microsoft.AspNetCore.Http.HttpResults.RazorComponentResult<SignInPage> SignInPage(HttpContext http, string? returnUrl) =>
        ConsoleRequests.Page<SignInPage>(new SignInModel(http.Frame("Sign in"), ConsolePaths.SafeReturn(returnUrl), "", null));

    private static async Task<IResult> SignIn(HttpContext http, OperatorSignIn signIn)
    {
        if (await http.FormAsync() is not { } form)
        {
            return ConsoleRequests.Refused();
        }

        var back = ConsolePaths.SafeReturn(form.Field("returnUrl"));
        var (outcome, account) = await signIn.CheckAsync(form.Field("name"), form.Field("password"), http.ClientAddress(), http.RequestAborted);
        if (outcome != SignInOutcome.SignedIn)
        {
            var message = outcome == SignInOutcome.Locked
                ? $"This account is locked until {account!.LockedUntil:HH:mm} UTC after {Domain.Operators.SignInRules.MaxFailures} wrong passwords in a row."
                : "Wrong name or password.";
            var name = form.Field("name") ?? "";
            return ConsoleRequests.Page<SignInPage>(new SignInModel(http.Frame("Sign in"), back, name.Length <= 64 ? name : "", message),
                StatusCodes.Status401Unauthorized);
        }

        // A new ticket on every sign-in: nothing a visitor held before signing in carries over.
        await http.SignOutAsync(ConsoleServiceCollectionExtensions.Scheme);
        await http.SignInAsync(ConsoleServiceCollectionExtensions.Scheme, ConsoleServiceCollectionExtensions.Principal(account!));
        return TypedResults.Redirect(back);
    }

    private static async Task<IResult> Dashboard(HttpContext http, IIncidentStore incidents, IOperatorStatementStore statements, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return ConsoleRequests.Page<DashboardPage>(new DashboardModel(http.Frame("Console", http.Notice()),
            await incidents.OpenAsync(http.RequestAborted), await statements.NotEndedAsync(now, http.RequestAborted), now, FormEcho.Empty));
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
            var now = time.GetUtcNow();
            return ConsoleRequests.Page<DashboardPage>(new DashboardModel(http.Frame("Console"), await incidents.OpenAsync(http.RequestAborted),
                await statements.NotEndedAsync(now, http.RequestAborted), now, new FormEcho(problems, new Dictionary<string, string>())),
                StatusCodes.Status400BadRequest);
        }

        var changed = signIn.WithPassword(account!, next);
        await accounts.SaveAsync(changed, http.RequestAborted);
        await http.AuditAsync("password-changed", "own password; other sessions ended");
        // This session goes on with the new stamp; every other one ends at its next request.
        await http.SignInAsync(ConsoleServiceCollectionExtensions.Scheme, ConsoleServiceCollectionExtensions.Principal(changed));
        return ConsoleRequests.Done(ConsolePaths.Root, "password");
    }
}
