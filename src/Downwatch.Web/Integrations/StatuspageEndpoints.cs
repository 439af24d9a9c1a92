using Downwatch.Domain.Site;
using Downwatch.Domain.Incidents;
using Downwatch.Domain.Status;
using Downwatch.Storage;
using Downwatch.Web.Pages;
using Downwatch.Status;
using Microsoft.Extensions.Options;

namespace Downwatch.Web.Integrations;

/// <summary>
/// Atlassian Statuspage v2 documents (summary, status, components, incidents) for the whole site — each service a
/// component — and for each service — each of its components — so tools that read vendor status pages read us
/// unchanged. Statuspage has no "unknown": a component not checked recently is left out rather than called
/// operational.
/// </summary>
internal static class StatuspageEndpoints
{
    public static IEndpointRouteBuilder MapStatuspageEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in new[] { "/api/v2", "/status/{slug}/api/v2" })
        {
            var group = app.MapGroup(prefix).WithTags("Statuspage-compatible").CachedPerRound();
            group.MapGet("/summary.json", (Page? page) => Json(page, p => new { Page = p.Info, p.Status, p.Components,
                Incidents = p.Incidents.Where(i => i.ResolvedAt is null), ScheduledMaintenances = p.Maintenance }));
            group.MapGet("/status.json", (Page? page) => Json(page, p => new { Page = p.Info, p.Status }));
            group.MapGet("/components.json", (Page? page) => Json(page, p => new { Page = p.Info, p.Components }));
            group.MapGet("/incidents.json", (Page? page) => Json(page, p => new { Page = p.Info, p.Incidents }));
            group.MapGet("/scheduled-maintenances.json", (Page? page) => Json(page, p => new { Page = p.Info, ScheduledMaintenances = p.Maintenance }));
            group.MapGet("/scheduled-maintenances/upcoming.json", (Page? page) => Json(page, p => new { Page = p.Info,
                ScheduledMaintenances = p.Maintenance.Where(m => m.Status == "scheduled") }));
            group.MapGet("/scheduled-maintenances/active.json", (Page? page) => Json(page, p => new { Page = p.Info,
                ScheduledMaintenances = p.Maintenance.Where(m => m.Status == "in_progress") }));
        }

        return app;
    }

    private static readonly System.Text.Json.JsonSerializerOptions Snake = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
    };

    private static IResult Json(Page? page, Func<Page, object> shape) =>
        page is null ? TypedResults.NotFound() : TypedResults.Json(shape(page), Snake);

    /// <summary>What one Statuspage-shaped page holds; bound from the route (site-wide without a slug).</summary>
    public sealed record Page(PageInfo Info, PageStatus Status, IReadOnlyList<PageComponent> Components, IReadOnlyList<PageIncident> Incidents)
    {
        /// <summary>Maintenance announced by this site's operators, running or ahead.</summary>
        public IReadOnlyList<PageMaintenance> Maintenance { get; init; } = [];

        public static async ValueTask<Page?> BindAsync(HttpContext context)
        {
            var board = context.RequestServices.GetRequiredService<StatusBoard>();
            var site = context.RequestServices.GetRequiredService<IOptions<SiteOptions>>().Value;
            var incidents = context.RequestServices.GetRequiredService<IIncidentStore>();
            var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            var slug = context.Request.RouteValues["slug"] as string;
            var recent = await incidents.ListAsync(slug, now - TimeSpan.FromDays(30), context.RequestAborted);
            var windows = (await context.RequestServices.GetRequiredService<IOperatorStatementStore>().NotEndedAsync(now, context.RequestAborted))
                .Maintenance.Where(m => slug is null || m.Service == slug).ToList();
            if (slug is null)
            {
                var services = board.Catalog.Services.Select((s, i) => (Id: s.Slug, s.Name, board.Get(s.Slug).Status, Position: i, Updated: board.Get(s.Slug).LastChecked ?? now));
                return Build(new PageInfo("downwatch", site.Name, site.BaseUrl, "Etc/UTC", now), services, recent, site) with
                {
                    Maintenance = windows.Select(m => ToMaintenance(m, now, site)).ToList(),
                };
            }

            if (board.Catalog.FindService(slug) is not { } service)
            {
                return null;
            }

            var assessment = board.Get(slug);
            var components = service.Components.Select((c, i) => (Id: c.Slug, c.Name, assessment.FindComponent(c.Slug)!.Status, Position: i,
                Updated: assessment.FindComponent(c.Slug)!.LastChecked ?? now));
            return Build(new PageInfo(slug, $"{service.Name} (as {site.Name} sees it)", site.Absolute($"/status/{slug}"), "Etc/UTC", now), components, recent, site) with
            {
                Maintenance = windows.Select(m => ToMaintenance(m, now, site)).ToList(),
            };
        }
    }

    private static Page Build(PageInfo info, IEnumerable<(string Id, string Name, ServiceStatus Status, int Position, DateTimeOffset Updated)> items,
        IReadOnlyList<Incident> incidents, SiteOptions site)
    {
        var known = items.Where(c => c.Status != ServiceStatus.Unknown).ToList();
        var components = known.Select(c => new PageComponent(c.Id, c.Name, ComponentStatus(c.Status), c.Updated, c.Updated, c.Position, null, true,
            null, info.Id, false, false)).ToList();
        var worst = known.Select(c => c.Status).DefaultIfEmpty(ServiceStatus.Unknown).MaxBy(s => s.Severity());
        var notChecked = items.Count() - known.Count;
        // Statuspage's indicator has no "unknown", and clients read "none" as all operational: with nothing checked
        // recently the indicator is "minor" (something is off: we cannot vouch for it) and the description says why.
        var status = known.Count == 0
            ? new PageStatus("minor", "Status unknown: not checked recently")
            : worst == ServiceStatus.Operational && notChecked > 0
                ? new PageStatus("none", $"All checked systems operational; {notChecked} not checked recently")
                : new PageStatus(Indicator(worst), worst == ServiceStatus.Operational ? "All Systems Operational" : worst.Title());
        return new Page(info, status, components, incidents.Select(i => ToIncident(i, info, site)).ToList());
    }

    private static PageIncident ToIncident(Incident i, PageInfo page, SiteOptions site)
    {
        // Our updates keep their ids ({id}-{n}); the provider's, interleaved by time, are {id}-p{n} and carry the phase
        // our incident was in when they were posted (Statuspage has no word for "someone else's update").
        var updates = new List<PageIncidentUpdate>();
        var (ours, theirs, phase) = (0, 0, IncidentPhase.Investigating);
        foreach (var e in i.Timeline)
        {
            phase = e.Voice == IncidentVoice.Provider ? phase : Enum.Parse<IncidentPhase>(e.Phase);
            var id = e.Voice == IncidentVoice.Provider ? $"{i.Id}-p{theirs++}" : $"{i.Id}-{ours++}";
            updates.Add(new PageIncidentUpdate(id, Phase(phase), e.Attributed, i.Id, e.At, e.At, e.At));
        }

        updates.Reverse();
        var last = i.Updates.Count == 0 ? i.StartedAt : i.Updates[^1].At;
        return new PageIncident(i.Id, i.Title, Phase(i.Phase), i.StartedAt, last,
            i.Updates.FirstOrDefault(u => u.Phase == IncidentPhase.Monitoring)?.At, i.ResolvedAt, Indicator(i.WorstStatus),
            site.Absolute($"/status/{i.Service}"), i.StartedAt, page.Id, updates, []);
    }

    private static PageMaintenance ToMaintenance(Domain.Operators.MaintenanceWindow m, DateTimeOffset now, SiteOptions site) =>
        new(m.Id, m.Text.Length <= 120 ? m.Text : m.Text[..120] + "…", m.IsActive(now) ? "in_progress" : "scheduled", m.StartsAt, m.EndsAt,
            "maintenance", site.Absolute($"/status/{m.Service}"), m.Service, m.Components,
            [new PageMaintenanceUpdate($"{m.Id}-0", "scheduled", m.Text, m.StartsAt)]);

    private static string ComponentStatus(ServiceStatus s) => s switch
    {
        ServiceStatus.Degraded => "degraded_performance",
        ServiceStatus.PartialOutage => "partial_outage",
        ServiceStatus.MajorOutage => "major_outage",
        ServiceStatus.Maintenance => "under_maintenance",
        _ => "operational",
    };

    private static string Indicator(ServiceStatus s) => s switch
    {
        ServiceStatus.MajorOutage => "critical",
        ServiceStatus.PartialOutage => "major",
        ServiceStatus.Degraded => "minor",
        ServiceStatus.Maintenance => "maintenance",
        _ => "none",
    };

    private static string Phase(IncidentPhase p) => p.ToString().ToLowerInvariant();
}

internal sealed record PageInfo(string Id, string Name, string Url, string TimeZone, DateTimeOffset UpdatedAt);

internal sealed record PageStatus(string Indicator, string Description);

internal sealed record PageComponent(string Id, string Name, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Position,
    string? Description, bool Showcase, string? GroupId, string PageId, bool Group, bool OnlyShowIfDegraded);

internal sealed record PageIncidentUpdate(string Id, string Status, string Body, string IncidentId, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, DateTimeOffset DisplayAt);

internal sealed record PageIncident(string Id, string Name, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? MonitoringAt, DateTimeOffset? ResolvedAt, string Impact, string Shortlink, DateTimeOffset StartedAt, string PageId,
    IReadOnlyList<PageIncidentUpdate> IncidentUpdates, IReadOnlyList<PageComponent> Components);

/// <summary>A scheduled maintenance in Statuspage's shape (status "scheduled" or "in_progress").</summary>
internal sealed record PageMaintenance(string Id, string Name, string Status, DateTimeOffset ScheduledFor, DateTimeOffset ScheduledUntil,
    string Impact, string Shortlink, string Service, IReadOnlyList<string> Components, IReadOnlyList<PageMaintenanceUpdate> IncidentUpdates);

internal sealed record PageMaintenanceUpdate(string Id, string Status, string Body, DateTimeOffset CreatedAt);
