using System.Security.Claims;
using Downwatch.Domain.Operators;
using Downwatch.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Downwatch.Web.Admin;

/// <summary>The plumbing every console handler shares: the signed-in operator, the form token, reading a posted form
/// (refused without a valid antiforgery token), the audit log, and pages rendered never to be cached.</summary>
internal static class ConsoleRequests
{
    public const int FieldMax = 10_000;

    public static string OperatorName(this HttpContext http) => http.User.Identity?.Name ?? "-";

    public static OperatorRole OperatorRole(this HttpContext http) =>
        Enum.TryParse<OperatorRole>(http.User.FindFirstValue(ClaimTypes.Role), out var role) ? role : Domain.Operators.OperatorRole.Editor;

    public static string ClientAddress(this HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "-";

    public static ConsoleFrame Frame(this HttpContext http, string title, string? notice = null)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var signedIn = http.User.Identity?.IsAuthenticated == true ? http.OperatorName() : null;
        return new ConsoleFrame(title, signedIn, http.OperatorRole(), tokens.FormFieldName, tokens.RequestToken ?? "", notice,
            http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
    }

    /// <summary>The posted form's fields (trimmed, each at most <see cref="FieldMax"/> characters kept for the echo), or
    /// null when it carries no valid token of this console.</summary>
    public static async Task<Dictionary<string, string>?> FormAsync(this HttpContext http)
    {
        if (!http.Request.HasFormContentType
            || !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
        {
            return null;
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        return form.ToDictionary(f => f.Key, f => string.Join('\n', f.Value.Select(v => v ?? "")).Trim(), StringComparer.Ordinal);
    }

    /// <summary>Every value of a multi-valued field (a multiple select).</summary>
    public static IReadOnlyList<string> Values(this Dictionary<string, string> form, string field) =>
        form.TryGetValue(field, out var joined) && joined.Length > 0 ? joined.Split('\n', StringSplitOptions.RemoveEmptyEntries) : [];

    public static string? Field(this Dictionary<string, string> form, string field) => form.GetValueOrDefault(field);

    public static FormEcho Echo(this Dictionary<string, string> form, IReadOnlyList<InputProblem> problems) =>
        new(problems, form.Where(f => f.Value.Length <= FieldMax && !f.Key.StartsWith("__", StringComparison.Ordinal))
            .ToDictionary(f => f.Key, f => f.Value));

    /// <summary>A form without a valid token (expired, from another site, sent twice after signing out).</summary>
    public static IResult Refused() => TypedResults.Text(
        "This form has expired or did not come from this console. Go back, reload the page and send it again.",
        "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);

    public static Task AuditAsync(this HttpContext http, string action, string detail) =>
        http.RequestServices.GetRequiredService<IAuditLog>().AppendAsync(new AuditEntry(
            http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(), http.OperatorName(), http.ClientAddress(), action, detail),
            http.RequestAborted);

    public static RazorComponentResult<T> Page<T>(object model, int status = StatusCodes.Status200OK)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        new(new Dictionary<string, object?> { ["Model"] = model }) { StatusCode = status };

    /// <summary>After a change: back to a page (post, redirect, get), with a short notice in the address.</summary>
    public static IResult Done(string path, string notice) =>
        TypedResults.Redirect(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path, "done", notice));

    /// <summary>The notice a redirect names: one of the console's own sentences, never text from the address.</summary>
    public static string? Notice(this HttpContext http) => Notices.GetValueOrDefault(http.Request.Query["done"].ToString());

    private static readonly Dictionary<string, string> Notices = new(StringComparer.Ordinal)
    {
        ["incident"] = "Incident posted. It appears on the public pages now and is announced (feeds, notifications, live updates) with the next status round.",
        ["update"] = "Update posted. Subscribers are told with the next status round.",
        ["adopted"] = "You now lead this incident: the engine keeps adding what it measures, and only people resolve it.",
        ["maintenance"] = "Maintenance scheduled. It is shown ahead on the service's page; while it runs the components show Maintenance.",
        ["override"] = "Status set. It shows on the public pages from the next status round, beside the evidence.",
        ["silence"] = "Probes silenced. Their results stop counting from the next status round.",
        ["ended"] = "Ended.",
        ["password"] = "Password changed. Every other session of your account has been signed out.",
        ["revoked"] = "Revoked: requests with it are refused from now on.",
        ["retried"] = "The delivery is queued again.",
        ["dropped"] = "The dead letter is deleted.",
        ["unsubscribed"] = "The subscription is deleted; nothing more is sent to it.",
        ["removed"] = "The account is removed and its sessions ended.",
        ["two-step-on"] = "Two-step sign-in is on: from now on signing in also asks for a code from your authenticator app.",
        ["two-step-off"] = "Two-step sign-in is off: signing in asks for your password only.",
    };
}
