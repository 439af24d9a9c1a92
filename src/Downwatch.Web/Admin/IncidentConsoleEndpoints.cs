using System.Globalization;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Incidents;
using Downwatch.Domain.Operators;
using Downwatch.Domain.Status;
using Downwatch.Status;
using Downwatch.Storage;
using Downwatch.Web.Admin.Views;

namespace Downwatch.Web.Admin;

/// <summary>Incidents written by people: open one, post updates, adopt one the engine opened (one incident per
/// problem: the engine's evidence and people's words in one timeline).</summary>
internal static class IncidentConsoleEndpoints
{
    public static RouteGroupBuilder MapIncidentConsole(this RouteGroupBuilder console)
    {
        console.MapGet("/incidents", List);
        console.MapPost("/incidents", Create);
        console.MapGet("/incidents/{id}", Show);
        console.MapPost("/incidents/{id}/updates", Update);
        console.MapPost("/incidents/{id}/adopt", Adopt);
        return console;
    }

    private static async Task<IResult> List(HttpContext http, ServiceCatalog catalog, IIncidentStore incidents, TimeProvider time) =>
        ConsoleRequests.Page<IncidentsPage>(await ListModel(http, catalog, incidents, time, FormEcho.Empty, http.Notice()));

    private static async Task<IncidentsModel> ListModel(HttpContext http, ServiceCatalog catalog, IIncidentStore incidents, TimeProvider time,
        FormEcho form, string? notice) =>
        new(http.Frame("Incidents", notice), catalog,
            await incidents.ListAsync(null, time.GetUtcNow() - TimeSpan.FromDays(14), http.RequestAborted), form,
            form.Value("formId") is { Length: 32 } id ? id : OperatorSignIn.NewStamp());

    private static async Task<IResult> Create(HttpContext http, ServiceCatalog catalog, IIncidentStore incidents, StatusBoard board, TimeProvider time)
    {
        if (await http.FormAsync() is not { } form)
        {
            return ConsoleRequests.Refused();
        }

        var now = time.GetUtcNow();
        var problems = new List<InputProblem>();
        var (service, components) = ConsoleTargets.Parse(problems, catalog, form.Values("target"), atLeastOneComponent: false);
        OperatorInput.Text(problems, "title", "The title", form.Field("title"), OperatorInput.TitleMax);
        OperatorInput.Text(problems, "text", "The first update", form.Field("text"), OperatorInput.TextMax);
        var status = OperatorInput.Status(problems, "status", form.Field("status"), OperatorInput.SettableStatuses.Where(s => s != ServiceStatus.Operational).ToList());
        var phase = OperatorInput.Phase(problems, form.Field("phase") ?? "investigating");
        if (phase == IncidentPhase.Resolved)
        {
            problems.Add(new("phase", "A new incident cannot start resolved."));
        }

        var formId = form.Field("formId") ?? "";
        if (formId.Length != 32 || !formId.All(char.IsAsciiHexDigitLower))
        {
            problems.Add(new("formId", "The form is incomplete; reload the page."));
        }

        if (problems.Count > 0)
        {
            return ConsoleRequests.Page<IncidentsPage>(await ListModel(http, catalog, incidents, time, form.Echo(problems), null),
                StatusCodes.Status400BadRequest);
        }

        // The form's own id names the incident, so the same form sent twice stores it once.
        var id = $"{service!.Slug}-op-{formId[..12]}";
        var incident = new Incident(id, service.Slug, form.Field("title")!, status!.Value, now, null,
            [new IncidentUpdate(now, phase!.Value, status.Value, form.Field("text")!, http.OperatorName())])
        { Components = components, LedBy = http.OperatorName() };
        if (!await incidents.UpsertAsync(incident, announced: false, http.RequestAborted))
        {
            return ConsoleRequests.Done($"/admin/incidents/{id}", "update");
        }

        await http.AuditAsync("incident-opened", $"{id}: {incident.Title} ({Scope(service, components)}, {status.Value.Title()})");
        board.Republished();
        return ConsoleRequests.Done($"/admin/incidents/{id}", "incident");
    }

    private static async Task<IResult> Show(HttpContext http, string id, ServiceCatalog catalog, IIncidentStore incidents) =>
        await incidents.FindAsync(id, http.RequestAborted) is { } incident
            ? ConsoleRequests.Page<IncidentPage>(new IncidentModel(http.Frame(incident.Title, http.Notice()), catalog, incident, FormEcho.Empty))
            : TypedResults.NotFound("There is no incident with this id.");

    private static async Task<IResult> Update(HttpContext http, string id, ServiceCatalog catalog, IIncidentStore incidents, StatusBoard board,
        TimeProvider time)
    {
        if (await http.FormAsync() is not { } form)
        {
            return ConsoleRequests.Refused();
        }

        if (await incidents.FindAsync(id, http.RequestAborted) is not { } incident)
        {
            return TypedResults.NotFound("There is no incident with this id.");
        }

        var problems = new List<InputProblem>();
        OperatorInput.Text(problems, "text", "The update", form.Field("text"), OperatorInput.TextMax);
        var phase = OperatorInput.Phase(problems, form.Field("phase"));
        var status = OperatorInput.Status(problems, "status", form.Field("status"), OperatorInput.SettableStatuses);
        if (!incident.IsOpen)
        {
            problems.Add(new("phase", "This incident is resolved; open a new one for a new problem."));
        }

        if (form.Field("version") != incident.Version.ToString(CultureInfo.InvariantCulture))
        {
            problems.Add(new("version", "The incident changed since this page was opened (another update was posted). Your text is kept: read the timeline and send it again."));
        }

        if (problems.Count > 0)
        {
            return ConsoleRequests.Page<IncidentPage>(new IncidentModel(http.Frame(incident.Title), catalog, incident, form.Echo(problems)),
                StatusCodes.Status400BadRequest);
        }

        var now = time.GetUtcNow();
        var update = new IncidentUpdate(now, phase!.Value, status!.Value, form.Field("text")!, http.OperatorName());
        var next = incident with
        {
            Updates = [.. incident.Updates, update],
            WorstStatus = StatusVocabulary.Worst(incident.WorstStatus, status.Value),
            ResolvedAt = phase == IncidentPhase.Resolved ? now : null,
            LedBy = incident.LedBy ?? http.OperatorName(),
        };
        if (!await incidents.UpsertAsync(next, announced: false, http.RequestAborted))
        {
            problems.Add(new("version", "The incident changed while this update was being saved. Your text is kept: read the timeline and send it again."));
            var fresh = await incidents.FindAsync(id, http.RequestAborted) ?? incident;
            return ConsoleRequests.Page<IncidentPage>(new IncidentModel(http.Frame(fresh.Title), catalog, fresh, form.Echo(problems)),
                StatusCodes.Status409Conflict);
        }

        await http.AuditAsync("incident-updated", $"{id}: {phase.Value} — {Clip(update.Text)}");
        board.Republished();
        return ConsoleRequests.Done($"/admin/incidents/{id}", "update");
    }

    private static async Task<IResult> Adopt(HttpContext http, string id, IIncidentStore incidents)
    {
        if (await http.FormAsync() is null)
        {
            return ConsoleRequests.Refused();
        }

        if (await incidents.FindAsync(id, http.RequestAborted) is not { IsOpen: true, LedBy: null } incident)
        {
            return ConsoleRequests.Done($"/admin/incidents/{id}", "adopted");
        }

        if (await incidents.UpsertAsync(incident with { LedBy = http.OperatorName() }, announced: true, http.RequestAborted))
        {
            await http.AuditAsync("incident-adopted", id);
        }

        return ConsoleRequests.Done($"/admin/incidents/{id}", "adopted");
    }

    private static string Scope(ServiceDefinition service, IReadOnlyList<string> components) =>
        components.Count == 0 ? service.Name : $"{service.Name}: {string.Join(", ", components)}";

    private static string Clip(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
