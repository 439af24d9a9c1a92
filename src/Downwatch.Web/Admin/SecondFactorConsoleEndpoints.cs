using Downwatch.Domain.Operators;
using Downwatch.Storage;
using Downwatch.Web.Admin.Views;

namespace Downwatch.Web.Admin;

/// <summary>
/// Two-step sign-in for one's own account: <c>/admin/two-step</c> offers a new authenticator secret, the confirming form
/// turns it on once a current code from the app is typed, and <c>/admin/two-step/off</c> turns it off with the password
/// and a current code. <c>downwatch admins add NAME</c> on the server is the way back for someone who lost the app.
/// </summary>
internal static class SecondFactorConsoleEndpoints
{
    public static RouteGroupBuilder MapSecondFactorConsole(this RouteGroupBuilder console)
    {
        console.MapPost("/two-step", Offer);
        console.MapPost("/two-step/on", TurnOn);
        console.MapPost("/two-step/off", TurnOff);
        return console;
    }

    private static async Task<IResult> Offer(HttpContext http, OperatorSecondFactor secondFactor) =>
        await http.FormAsync() is null
            ? ConsoleRequests.Refused()
            : ConsoleRequests.Page<SecondFactorPage>(new SecondFactorModel(http.Frame("Two-step sign-in"),
                secondFactor.Offer(http.OperatorName()), FormEcho.Empty));

    private static async Task<IResult> TurnOn(HttpContext http, OperatorSecondFactor secondFactor, IOperatorStore accounts)
    {
        if (await http.FormAsync() is not { } form)
        {
            return ConsoleRequests.Refused();
        }

        var name = http.OperatorName();
        if (secondFactor.Offered(name, form.Field("pending")) is not { } key)
        {
            return ConsoleRequests.Page<SecondFactorPage>(new SecondFactorModel(http.Frame("Two-step sign-in"), secondFactor.Offer(name),
                new FormEcho([new InputProblem("code", "That offer has expired. Here is a new secret: add it to your app again.")],
                    new Dictionary<string, string>())), StatusCodes.Status400BadRequest);
        }

        var account = await accounts.FindAsync(name, http.RequestAborted);
        if (account is null || secondFactor.TurnOn(account, key, form.Field("code")) is not { } turnedOn)
        {
            // The same secret again (the app may already hold it), until the offer expires.
            return ConsoleRequests.Page<SecondFactorPage>(new SecondFactorModel(http.Frame("Two-step sign-in"),
                    OperatorSecondFactor.OfferAgain(name, key, form.Field("pending")!),
                    new FormEcho([new InputProblem("code", "That is not the current code for this secret. Check the app's clock and type the newest code.")],
                        new Dictionary<string, string>())), StatusCodes.Status400BadRequest);
        }

        await accounts.SaveAsync(turnedOn, http.RequestAborted);
        await http.AuditAsync("two-step-on", "authenticator app added to the account");
        return ConsoleRequests.Done(ConsolePaths.Root, "two-step-on");
    }

    private static async Task<IResult> TurnOff(HttpContext http, OperatorSecondFactor secondFactor, OperatorSignIn signIn,
        IOperatorStore accounts, IIncidentStore incidents, IOperatorStatementStore statements, TimeProvider time)
    {
        if (await http.FormAsync() is not { } form)
        {
            return ConsoleRequests.Refused();
        }

        var account = await accounts.FindAsync(http.OperatorName(), http.RequestAborted);
        if (account is null || !account.HasSecondFactor || !signIn.Verify(account, form.Field("current") ?? "")
            || secondFactor.Accept(account, form.Field("code")) is null)
        {
            return ConsoleRequests.Page<DashboardPage>(await ConsoleEndpoints.DashboardAsync(http, http.Frame("Console"),
                new FormEcho([new InputProblem("off", "The password or the authenticator code is not right; two-step sign-in stays on.")],
                    new Dictionary<string, string>()), incidents, statements, accounts, time), StatusCodes.Status400BadRequest);
        }

        await accounts.SaveAsync(account with { SecondFactor = null, LastCodeStep = 0 }, http.RequestAborted);
        await http.AuditAsync("two-step-off", "authenticator app removed from the account");
        return ConsoleRequests.Done(ConsolePaths.Root, "two-step-off");
    }
}
