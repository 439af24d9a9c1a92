using System.Globalization;
using System.Text.RegularExpressions;
using Downwatch.Domain.Operators;
using Downwatch.Storage;
using Downwatch.Storage.Sql;
using Downwatch.Catalog;
using Downwatch.Domain.Catalog;
using Downwatch.Web.Admin.Views;
using Downwatch.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Downwatch.Web.Admin;

/// <summary>Admin-only operations: API keys, agent tokens and console accounts (issued and shown once, revoked),
/// dead letters (sent again or dropped) and the audit log.</summary>
internal static partial class OperationsConsoleEndpoints
{
    public static RouteGroupBuilder MapOperationsConsole(this RouteGroupBuilder admin)
    {
        admin.MapGet("/access", Access);
        admin.MapPost("/access/issue", Issue);
        admin.MapPost("/access/revoke", Revoke);
        admin.MapGet("/deliveries", Deliveries);
        admin.MapPost("/deliveries/{id:long}/retry", Retry);
        admin.MapPost("/deliveries/{id:long}/drop", Drop);
        admin.MapPost("/subscriptions/{id}/remove", RemoveSubscription);
        admin.MapGet("/catalog", Catalog);
        admin.MapPost("/catalog/check", CheckCatalog);
        admin.MapPost("/catalog/reload", ReloadCatalog);
        admin.MapGet("/audit", Audit);
        return admin;
    }

    private static async Task<IResult> Access(HttpContext http, IApiKeyStore keys, IAgentTokenStore tokens, IOperatorStore accounts) =>
        ConsoleRequests.Page<AccessPage>(await AccessModel(http, keys, tokens, accounts, null, FormEcho.Empty, http.Notice()));

    private static async Task<CredentialsModel> AccessModel(HttpContext http, IApiKeyStore keys, IAgentTokenStore tokens, IOperatorStore accounts,
        (string, string, string)? issued, FormEcho form, string? notice) =>
        new(http.Frame("Keys, tokens and accounts", notice), await keys.ListAsync(http.RequestAborted), await tokens.ListAsync(http.RequestAborted),
            await accounts.ListAsync(http.RequestAborted), issued, form);

    /// <summary>Issues an API key, an agent token or a console account; the secret is on this answer only (not stored, not
    /// cached, not in the audit log).</summary>
    private static async Task<IResult> Issue(HttpContext http, IApiKeyStore keys, IAgentTokenStore tokens, IOperatorStore accounts,
        OperatorSignIn signIn, TimeProvider time)
    {
        if (await http.FormAsync() is not { } form)
        {
            return ConsoleRequests.Refused();
        }

        var kind = form.Field("kind");
        var name = form.Field("name") ?? "";
        var problems = new List<InputProblem>();
        if (kind is not ("key" or "token" or "editor" or "admin"))
        {
            problems.Add(new("kind", "Choose an API key, an agent token, or an editor or admin account."));
        }
        else if (!NamePattern().IsMatch(name))
        {
            problems.Add(new("name", "A name is 1 to 64 lower-case letters, digits and dashes, starting with a letter or digit."));
        }

        if (problems.Count > 0)
        {
            return ConsoleRequests.Page<AccessPage>(await AccessModel(http, keys, tokens, accounts, null, form.Echo(problems), null),
                StatusCodes.Status400BadRequest);
        }

        string what, secret;
        if (kind is "key" or "token")
        {
            var store = kind == "key" ? (INamedCredentialStore)keys : tokens;
            what = kind == "key" ? "API key" : "agent token for the location";
            secret = await store.IssueAsync(name, time.GetUtcNow(), http.RequestAborted);
        }
        else
        {
            var role = kind == "admin" ? OperatorRole.Admin : OperatorRole.Editor;
            var (account, password) = signIn.Issue(name, role, await accounts.FindAsync(name, http.RequestAborted));
            await accounts.SaveAsync(account, http.RequestAborted);
            what = $"one-time password of the {kind} account";
            secret = password;
        }

        await http.AuditAsync(kind + "-issued", name);
        return ConsoleRequests.Page<AccessPage>(await AccessModel(http, keys, tokens, accounts, (what, name, secret), FormEcho.Empty, null));
    }

    private static async Task<IResult> Revoke(HttpContext http, IApiKeyStore keys, IAgentTokenStore tokens, IOperatorStore accounts, TimeProvider time)
    {
        if (await http.FormAsync() is not { } form)
        {
            return ConsoleRequests.Refused();
        }

        var name = form.Field("name") ?? "";
        var kind = form.Field("kind");
        var done = kind switch
        {
            "key" => await keys.RevokeAsync(name, time.GetUtcNow(), http.RequestAborted),
            "token" => await tokens.RevokeAsync(name, time.GetUtcNow(), http.RequestAborted),
            // Removing one's own account would lock the last admin out; it is done by another admin or the command line.
            "account" when name != http.OperatorName() => await accounts.DeleteAsync(name, http.RequestAborted),
            _ => false,
        };
        if (done)
        {
            await http.AuditAsync(kind + "-revoked", name);
        }

        return ConsoleRequests.Done("/admin/access", kind == "account" ? "removed" : "revoked");
    }

    private static async Task<IResult> Deliveries(HttpContext http, IDeliveryStore deliveries, ISubscriptionStore subscriptions) =>
        ConsoleRequests.Page<DeliveriesPage>(new DeliveriesModel(http.Frame("Notifications", http.Notice()),
            await deliveries.AllDeadLettersAsync(200, http.RequestAborted), await subscriptions.ListAsync(500, http.RequestAborted)));

    private static async Task<IResult> RemoveSubscription(HttpContext http, string id, ISubscriptionStore subscriptions)
    {
        if (await http.FormAsync() is null)
        {
            return ConsoleRequests.Refused();
        }

        if (await subscriptions.RemoveAsync(id, http.RequestAborted))
        {
            await http.AuditAsync("subscription-removed", id);
        }

        return ConsoleRequests.Done("/admin/deliveries", "unsubscribed");
    }

    // IResult, not the Razor component's result type: the generated request delegates cannot name a Razor component.
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "The request delegate generator cannot see Razor components.")]
    private static IResult Catalog(HttpContext http, ServiceCatalog catalog, IOptions<CatalogOptions> options) =>
        ConsoleRequests.Page<CatalogPage>(CatalogModelOf(http, catalog, options.Value.Directory, null, false));

    /// <summary>Runs the same validation as <c>downwatch catalog check</c> on the files as they are on disk now.</summary>
    private static Task<IResult> CheckCatalog(HttpContext http, ServiceCatalog catalog, IOptions<CatalogOptions> options) =>
        CheckAsync(http, catalog, options.Value.Directory, null);

    /// <summary>The same check; when it passes, the site goes on with the files on disk once this answer is sent (see
    /// <see cref="CatalogReload"/>).</summary>
    private static Task<IResult> ReloadCatalog(HttpContext http, ServiceCatalog catalog, IOptions<CatalogOptions> options, CatalogReload reload,
        IHostApplicationLifetime lifetime) =>
        CheckAsync(http, catalog, options.Value.Directory, validated => http.Response.OnCompleted(() =>
        {
            reload.Request(validated, lifetime);
            return Task.CompletedTask;
        }));

    private static async Task<IResult> CheckAsync(HttpContext http, ServiceCatalog catalog, string directory, Action<ServiceCatalog>? reload)
    {
        if (await http.FormAsync() is null)
        {
            return ConsoleRequests.Refused();
        }

        string result;
        var passed = false;
        try
        {
            var checkedNow = CatalogReload.Check(directory);
            result = $"{directory}: {checkedNow.Services.Count} services, {checkedNow.Errors.Count} error types: valid.";
            passed = true;
            if (reload is not null)
            {
                reload(checkedNow);
                result += " Reloading: the site goes on with it within seconds (pages answer again as soon as it has); reload this page to see it.";
            }
        }
        catch (CatalogException e)
        {
            result = e.Message + (reload is null ? "" : "\nNot reloaded: the site keeps the catalog it runs on.");
        }

        await http.AuditAsync(reload is null ? "catalog-checked" : passed ? "catalog-reloaded" : "catalog-reload-refused", passed ? "valid" : "invalid");
        return ConsoleRequests.Page<CatalogPage>(CatalogModelOf(http, catalog, directory, result, passed));
    }

    private static CatalogModel CatalogModelOf(HttpContext http, ServiceCatalog catalog, string directory, string? check, bool passed) =>
        new(http.Frame("Catalog"), directory, catalog, CatalogFiles.Select(f => (f, Hash(Path.Combine(directory, f)))).ToList(),
            check, passed);

    private static readonly string[] CatalogFiles = ["services.yaml", "errors.yaml"];

    private static string Hash(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file))[..16];
        }
        catch (IOException e)
        {
            return "unreadable: " + e.Message;
        }
        catch (UnauthorizedAccessException e)
        {
            return "unreadable: " + e.Message;
        }
    }

    private static Task<IResult> Retry(HttpContext http, long id, IDeliveryStore deliveries, TimeProvider time) =>
        DeliveryAction(http, id, "retried", () => deliveries.RetryDeadAsync(id, time.GetUtcNow(), http.RequestAborted));

    private static Task<IResult> Drop(HttpContext http, long id, IDeliveryStore deliveries) =>
        DeliveryAction(http, id, "dropped", () => deliveries.DropDeadAsync(id, http.RequestAborted));

    private static async Task<IResult> DeliveryAction(HttpContext http, long id, string action, Func<Task<bool>> act)
    {
        if (await http.FormAsync() is null)
        {
            return ConsoleRequests.Refused();
        }

        if (await act())
        {
            await http.AuditAsync("dead-letter-" + action, id.ToString(CultureInfo.InvariantCulture));
        }

        return ConsoleRequests.Done("/admin/deliveries", action);
    }

    private static async Task<IResult> Audit(HttpContext http, IAuditLog audit, string? actor, string? action)
    {
        actor = string.IsNullOrWhiteSpace(actor) || actor.Length > 64 ? null : actor.Trim();
        action = string.IsNullOrWhiteSpace(action) || action.Length > 64 ? null : action.Trim();
        return ConsoleRequests.Page<AuditPage>(new AuditModel(http.Frame("Audit log"), await audit.ReadAsync(actor, action, 500, http.RequestAborted),
            actor, action));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex NamePattern();
}
