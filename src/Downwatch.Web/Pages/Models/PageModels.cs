using Downwatch.Domain.Site;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Incidents;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Reports;
using Downwatch.Domain.Status;
using Downwatch.Storage;

namespace Downwatch.Web.Pages.Models;

/// <summary>What every page needs to render its frame.</summary>
public sealed record PageFrame(string Title, string Description, string CanonicalPath, SiteOptions Site, DateTimeOffset Now,
    IReadOnlyList<Domain.Observations.LocationCheck> Locations)
{
    /// <summary>Locations whose latest control check failed.</summary>
    public IReadOnlyList<Domain.Observations.LocationCheck> Offline => Locations.Where(l => !l.Online).ToList();

    /// <summary>True when there are probe locations and none of them can reach the internet.</summary>
    public bool AllOffline => Locations.Count > 0 && Locations.All(l => !l.Online);

    public string Canonical => Site.Absolute(CanonicalPath);

    /// <summary>The language the page is written in.</summary>
    public Localization.SiteLanguage Language { get; init; } = Localization.SiteLanguage.English;

    /// <summary>The same page in the other language, when there is one (English ⇄ Simplified Chinese).</summary>
    public (Localization.SiteLanguage Language, string Path)? Translation { get; init; }

    /// <summary>When the statuses shown were last worked out, when that is too long ago (<see cref="BoardAge"/>).</summary>
    public DateTimeOffset? StaleSince { get; init; }
}

public sealed record ServiceRow(ServiceDefinition Service, ServiceAssessment Assessment);

public sealed record CategoryGroup(string Category, IReadOnlyList<ServiceRow> Services);

public sealed record HomeModel(PageFrame Frame, IReadOnlyList<CategoryGroup> Groups, string? Query, string? Category,
    string? Status, int Total, IReadOnlyDictionary<ServiceStatus, int> Counts);

/// <summary>One day of one bar: uptime share, or null when nothing was measured.</summary>
public sealed record UptimeDay(DateOnly Day, double? Uptime, double OutageSeconds);

public sealed record UptimeBar(string Name, IReadOnlyList<UptimeDay> Days)
{
    public double? Average => Days.Where(d => d.Uptime is not null).Select(d => d.Uptime!.Value).DefaultIfEmpty(double.NaN)
        .Average() is var a && double.IsNaN(a) ? null : a;
}

public sealed record ServiceModel(
    PageFrame Frame,
    ServiceDefinition Service,
    ServiceAssessment Assessment,
    IReadOnlyList<Incident> Incidents,
    IReadOnlyList<UptimeBar> Uptime,
    IReadOnlyList<ErrorType> Errors,
    ReportSignal Reports,
    IReadOnlyList<Domain.Observations.ProbeObservation> LatestProbes,
    OfficialStatusModel Official,
    ReportActivity Activity)
{
    /// <summary>The report form, on pages that carry it (set per request: it holds the antiforgery token).</summary>
    public ReportFormModel? ReportForm { get; init; }

    /// <summary>The last day of streamed requests to the service's models, oldest first (for the models' sparklines).</summary>
    public IReadOnlyList<Domain.Observations.ProbeObservation> ModelHistory { get; init; } = [];

    /// <summary>Maintenance the operators of this site announced for the service, running or ahead.</summary>
    public IReadOnlyList<Domain.Operators.MaintenanceWindow> Maintenance { get; init; } = [];

    /// <summary>Each component's latency over the last 24 complete hours.</summary>
    public IReadOnlyList<Domain.History.LatencyChart> Latency { get; init; } = [];
}

/// <summary>The report form of one service: where it returns to and a thank-you after a report. Nothing in it is any
/// one visitor's own: the page is the same bytes for everyone (posts are checked by origin, <c>SameOriginPosts</c>).</summary>
public sealed record ReportFormModel(string Slug, string Back, string? Reported)
{
    /// <summary>Shows the problem types without the click that opens them.</summary>
    public bool Open { get; init; }

    /// <summary>True when the site asks for a proof of work: the page's script fetches a challenge and solves it.</summary>
    public bool ProofRequired { get; init; }

    public int ProofDifficulty { get; init; }
}

/// <summary>
/// What the vendor's own status page says, beside our view: its last good read (<see cref="Feed"/>), the newest vendor
/// status per component, and its incidents and maintenances of the past week.
/// </summary>
public sealed record OfficialStatusModel(ServiceDefinition Service, FeedState? Feed, IReadOnlyList<OfficialStatusObservation> Latest,
    IReadOnlyList<VendorIncident> Incidents)
{
    public StatusPageDefinition? Page => Service.StatusPage;

    public bool HasFeed => !string.IsNullOrWhiteSpace(Page?.FeedUrl);

    public IReadOnlyList<VendorIncident> OpenIncidents => [.. Incidents.Where(i => i.Kind == VendorEventKind.Incident && i.IsOpen)];

    public IReadOnlyList<VendorIncident> Maintenances => [.. Incidents.Where(i => i.Kind == VendorEventKind.Maintenance && i.IsOpen)];

    public IReadOnlyList<VendorIncident> RecentlyClosed => [.. Incidents.Where(i => !i.IsOpen)];

    /// <summary>The last read failed after (or without) a good one.</summary>
    public bool LastReadFailed => Feed?.LastErrorAt is { } failed && (Feed.LastReadAt is not { } good || failed > good);

    public string ComponentName(string? slug) => slug is null ? "Whole service" : Service.FindComponent(slug)?.Name ?? slug;
}

public sealed record ServiceErrorModel(PageFrame Frame, ServiceModel Status, ErrorType Error,
    IReadOnlyList<ServiceDefinition> SimilarServices);

public sealed record ErrorsGuideModel(PageFrame Frame, IReadOnlyList<ErrorType> Errors);

public sealed record ErrorModel(PageFrame Frame, ErrorType Error, IReadOnlyList<ServiceDefinition> Providers,
    IReadOnlyList<ServiceDefinition> AllServices);

public sealed record ProviderLagModel(PageFrame Frame, ServiceDefinition Service, Downwatch.Domain.Incidents.ProviderLagReport Report);

public sealed record MethodologyModel(PageFrame Frame, EngineOptions Options);

/// <summary>The diagnose page: the pasted text and, once submitted, the answer.</summary>
public sealed record DiagnoseModel(PageFrame Frame, string Text, Downwatch.Web.ErrorDiagnosis.DiagnosisAnswer? Answer, bool CutFromLink);

public sealed record NotFoundModel(PageFrame Frame, string Path, IReadOnlyList<Downwatch.Domain.Site.PageSuggestion> Suggestions);

public sealed record LocationsModel(PageFrame Frame, Downwatch.Probing.Scheduling.SchedulerStats? Scheduler);
