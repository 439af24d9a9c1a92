using Downwatch.Domain.Catalog;
using Downwatch.Domain.Operators;
using Downwatch.Domain.Status;
using Downwatch.Storage;
using Downwatch.Web.Admin.Views;

namespace Downwatch.Web.Admin;

/// <summary>What operators say about statuses: maintenance windows, overrides and silences. Each ends on its own at its
/// time, can be ended early, and is audited.</summary>
internal static class StatementConsoleEndpoints
{
    public static RouteGroupBuilder MapStatementConsole(this RouteGroupBuilder console)
    {
        console.MapGet("/statements", List);
        console.MapPost("/maintenance", Maintenance);
        console.MapPost("/overrides", Override);
        console.MapPost("/silences", Silence);
        console.MapPost("/statements/{id}/end", End);
        return console;
    }

    private static async Task<IResult> List(HttpContext http, ServiceCatalog catalog, IOperatorStatementStore statements, TimeProvider time) =>
        ConsoleRequests.Page<StatementsPage>(await Model(http, catalog, statements, time, FormEcho.Empty, http.Notice()));

    private static async Task<StatementsModel> Model(HttpContext http, ServiceCatalog catalog, IOperatorStatementStore statements,
        TimeProvider time, FormEcho form, string? notice)
    {
        var now = time.GetUtcNow();
        return new(http.Frame("Maintenance, overrides and silences", notice), catalog, await statements.NotEndedAsync(now, http.RequestAborted),
            now, form, OperatorSignIn.NewStamp());
    }

    private static Task<IResult> Maintenance(HttpContext http, ServiceCatalog catalog, IOperatorStatementStore statements, TimeProvider time,
        Status.StatusBoard board) =>
        SaveAsync(http, catalog, statements, time, board, "maintenance", async (form, problems, now) =>
        {
            var (service, components) = ConsoleTargets.Parse(problems, catalog, form.Values("target"), atLeastOneComponent: false);
            OperatorInput.Text(problems, "text", "The announcement", form.Field("text"), OperatorInput.TextMax);
            var window = OperatorInput.Window(problems, form.Field("starts"), form.Field("ends"), now);
            if (problems.Count > 0)
            {
                return null;
            }

            var statement = new MaintenanceWindow(Id(form), service!.Slug, components, window!.Value.Start, window.Value.End,
                form.Field("text")!, http.OperatorName());
            return !await statements.AddAsync(statement, http.RequestAborted) ? null : $"{statement.Id}: {service.Name} {Scope(components)} {statement.StartsAt:u} – {statement.EndsAt:u}";
        });

    private static Task<IResult> Override(HttpContext http, ServiceCatalog catalog, IOperatorStatementStore statements, TimeProvider time,
        Status.StatusBoard board) =>
        SaveAsync(http, catalog, statements, time, board, "override", async (form, problems, now) =>
        {
            var (service, component) = ConsoleTargets.One(problems, catalog, form.Values("target"));
            var status = OperatorInput.Status(problems, "status", form.Field("status"), OperatorInput.SettableStatuses);
            OperatorInput.Text(problems, "reason", "The reason", form.Field("reason"), OperatorInput.ReasonMax);
            var expires = OperatorInput.Expiry(problems, form.Field("hours"), now);
            if (problems.Count > 0)
            {
                return null;
            }

            var statement = new StatusOverride(Id(form), service!.Slug, component, status!.Value, form.Field("reason")!, http.OperatorName(),
                now, expires!.Value);
            return !await statements.AddAsync(statement, http.RequestAborted) ? null : $"{statement.Id}: {service.Name}/{component} set to {status.Value.Title()} until {expires:u}: {statement.Reason}";
        });

    private static Task<IResult> Silence(HttpContext http, ServiceCatalog catalog, IOperatorStatementStore statements, TimeProvider time,
        Status.StatusBoard board) =>
        SaveAsync(http, catalog, statements, time, board, "silence", async (form, problems, now) =>
        {
            var (service, component) = ConsoleTargets.One(problems, catalog, form.Values("target"));
            OperatorInput.Text(problems, "reason", "The reason", form.Field("reason"), OperatorInput.ReasonMax);
            var until = OperatorInput.Expiry(problems, form.Field("hours"), now);
            if (problems.Count > 0)
            {
                return null;
            }

            var statement = new ProbeSilence(Id(form), service!.Slug, component, form.Field("reason")!, http.OperatorName(), now, until!.Value);
            return !await statements.AddAsync(statement, http.RequestAborted) ? null : $"{statement.Id}: probes of {service.Name}/{component} silenced until {until:u}: {statement.Reason}";
        });

    private static async Task<IResult> End(HttpContext http, string id, IOperatorStatementStore statements, TimeProvider time, Status.StatusBoard board)
    {
        if (await http.FormAsync() is null)
        {
            return ConsoleRequests.Refused();
        }

        if (await statements.EndAsync(id, time.GetUtcNow(), http.RequestAborted))
        {
            await http.AuditAsync("statement-ended", id);
            board.Republished();
        }

        return ConsoleRequests.Done("/admin/statements", "ended");
    }

    /// <summary>Reads and checks a form; <paramref name="save"/> adds every problem it finds and stores nothing then, or
    /// stores and returns the audit line (null without problems: that form was already stored).</summary>
    private static async Task<IResult> SaveAsync(HttpContext http, ServiceCatalog catalog, IOperatorStatementStore statements, TimeProvider time,
        Status.StatusBoard board, string kind, Func<Dictionary<string, string>, List<InputProblem>, DateTimeOffset, Task<string?>> save)
    {
        if (await http.FormAsync() is not { } form)
        {
            return ConsoleRequests.Refused();
        }

        var problems = new List<InputProblem>();
        if (form.Field("formId") is not { Length: 32 } formId || !formId.All(char.IsAsciiHexDigitLower))
        {
            problems.Add(new("formId", "The form is incomplete; reload the page."));
        }

        var audited = problems.Count == 0 ? await save(form, problems, time.GetUtcNow()) : null;
        if (audited is null && problems.Count == 0)
        {
            return ConsoleRequests.Done("/admin/statements", kind); // the same form sent twice: stored the first time
        }

        if (audited is null)
        {
            return ConsoleRequests.Page<StatementsPage>(await Model(http, catalog, statements, time, form.Echo(problems), null) with
            {
                FormKind = kind,
            }, StatusCodes.Status400BadRequest);
        }

        await http.AuditAsync(kind + "-set", audited);
        board.Republished(); // maintenance ahead shows at once
        return ConsoleRequests.Done("/admin/statements", kind);
    }

    /// <summary>The form's own id names the statement, so sending one form twice stores it once.</summary>
    private static string Id(Dictionary<string, string> form) => form.Field("formId")!;

    private static string Scope(IReadOnlyList<string> components) => components.Count == 0 ? "(all components)" : $"({string.Join(", ", components)})";
}
