using Downwatch.Web.Pages.Localization;
using Downwatch.Domain.Site;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Reports;
using Downwatch.Domain.Status;
using Downwatch.Storage;
using Downwatch.Web.Pages.Models;
using Downwatch.Status;
using Microsoft.Extensions.Options;

namespace Downwatch.Web.Pages;

/// <summary>Builds the model of each page from the status board and the stores.</summary>
internal sealed class SitePages(
    StatusBoard board,
    BoardAge age,
    IAssessmentStore assessments,
    IIncidentStore incidents,
    IOperatorStatementStore statements,
    ObservationWindow window,
    IFeedStateStore feeds,
    IVendorIncidentStore vendorIncidents,
    IOfficialStatusStore official,
    IOptions<SiteOptions> site,
    ReportPanelCache reportPanel,
    IRollupStore rollups,
    TimeProvider time)
{
    public const int UptimeDays = 90;
    public static readonly TimeSpan RecentIncidents = TimeSpan.FromDays(30);

    public ServiceCatalog Catalog => board.Catalog;

    /// <summary>The other names services are known by, as typed in an address (<c>/status/ernie</c>).</summary>
    public Domain.Site.ServiceAliases Aliases => _aliases ??= new(Catalog);

    private Domain.Site.ServiceAliases? _aliases;

    /// <summary>The site's own address of the page <paramref name="path"/> names in any letter case, or null.</summary>
    public string? CanonicalPath(string path) => (_paths ??= SiteEndpoints.PagePaths(this)
        .ToDictionary(p => p, p => p, StringComparer.OrdinalIgnoreCase)).GetValueOrDefault(path);

    private Dictionary<string, string>? _paths;

    public string SiteName => site.Value.Name;

    /// <summary>Control checks older than this no longer describe a location.</summary>
    private static readonly TimeSpan LocationFreshness = TimeSpan.FromMinutes(15);

    public PageFrame Frame(string title, string description, string path)
    {
        var now = time.GetUtcNow();
        return new(title, description, path, site.Value, now, window.Locations.Where(l => now - l.At <= LocationFreshness).ToList())
        {
            StaleSince = age.StaleSince,
        };
    }

    /// <summary>The frame of a page in <paramref name="language"/>, linked to its twin in the other language.</summary>
    /// <param name="path">The page's English address (<c>/status/openai</c>); the language's prefix is put in front.</param>
    public PageFrame Frame(string title, string description, string path, SiteLanguage language) =>
        Frame(title, description, language.Prefix + path) with { Language = language, Translation = (language.Other, language.Other.Prefix + path) };

    /// <summary>The errors guide's index in <paramref name="language"/>, linked to the other language.</summary>
    public ErrorsGuideModel ErrorsGuide(SiteLanguage language)
    {
        return new ErrorsGuideModel(Frame(language.Text("ErrorsGuideTitle", site.Value.Name), language.Text("ErrorsGuideDescription"), "/errors",
            language), Catalog.Errors);
    }

    public HomeModel Home(string? query, string? category, string? status, SiteLanguage language)
    {
        var rows = Catalog.Services.Select(s => new ServiceRow(s, board.Get(s.Slug))).ToList();
        var counts = rows.GroupBy(r => r.Assessment.Status).ToDictionary(g => g.Key, g => g.Count());
        var q = query?.Trim();
        var filtered = rows.Where(r =>
            (string.IsNullOrEmpty(q) || Matches(r.Service, q))
            && (string.IsNullOrEmpty(category) || r.Service.Category == category)
            && (string.IsNullOrEmpty(status) || r.Assessment.Status.Token() == status));
        var groups = filtered
            .GroupBy(r => r.Service.Category)
            .OrderBy(g => ServiceCategories.Titles.Keys.ToList().IndexOf(g.Key))
            .Select(g => new CategoryGroup(g.Key, g.OrderBy(r => r.Service.Name, StringComparer.OrdinalIgnoreCase).ToList()))
            .ToList();
        var frame = Frame(language.Text("HomeTitle", rows.Count, site.Value.Name), language.Text("HomeDescription"), "/", language);
        return new HomeModel(frame, groups, q, category, status, rows.Count, counts);
    }

    public async Task<ServiceModel?> ServiceAsync(string slug, PageFrame? frame, CancellationToken cancellationToken)
    {
        var service = Catalog.FindService(slug);
        if (service is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var from = today.AddDays(-(UptimeDays - 1));
        var daily = await assessments.ReadDailyUptimeAsync(slug, from, today, cancellationToken);
        var uptime = service.Components.Select(c => new UptimeBar(c.Name, Enumerable.Range(0, UptimeDays).Select(i =>
        {
            var day = from.AddDays(i);
            var row = daily.FirstOrDefault(d => d.Component == c.Slug && d.Day == day);
            return new UptimeDay(day, row?.Uptime, row?.OutageSeconds ?? 0);
        }).ToList())).ToList();
        var recent = await incidents.ListAsync(slug, now - RecentIncidents, cancellationToken);
        var (signal, activity) = reportPanel.Get(slug);
        frame ??= Frame($"{service.Name} status: is {service.Name} down right now? — {site.Value.Name}",
            $"Live status of {service.Name} ({service.Company}): components, evidence from our probes, incidents and 90-day uptime.",
            $"/status/{slug}", SiteLanguage.English);
        var feed = service.StatusPage?.FeedUrl is { } feedUrl ? await feeds.GetAsync(feedUrl, cancellationToken) : null;
        var vendor = new OfficialStatusModel(service, feed, await official.LatestAsync(slug, now - TimeSpan.FromDays(1), cancellationToken),
            await vendorIncidents.ListAsync(slug, now - TimeSpan.FromDays(7), cancellationToken));
        return new ServiceModel(frame, service, board.Get(slug), recent, uptime, Catalog.Errors, signal, window.LatestProbes(slug), vendor, activity)
        {
            ModelHistory = window.InferenceHistory(slug),
            Maintenance = (await statements.NotEndedAsync(now, cancellationToken)).Maintenance.Where(m => m.Service == slug).ToList(),
        };
    }

    /// <summary>A service's status page in <paramref name="language"/>; null for a service the catalog does not know.</summary>
    /// <remarks>Only this page draws the 24-hour latency charts, so only it reads the hourly rollups.</remarks>
    public async Task<ServiceModel?> ServiceAsync(string slug, SiteLanguage language, CancellationToken cancellationToken)
    {
        if (Catalog.FindService(slug) is not { } service)
        {
            return null;
        }

        var name = ChineseNames.Display(service);
        var model = await ServiceAsync(slug, language == SiteLanguage.English ? null
            : Frame(language.Text("ServiceTitle", name, site.Value.Name), language.Text("ServiceDescription", name, service.Company), $"/status/{slug}", language),
            cancellationToken);
        var now = time.GetUtcNow();
        var hourly = await rollups.ReadAsync(RollupSpan.Hour, Domain.History.ProbeRollup.HourOf(now) - TimeSpan.FromHours(Domain.History.LatencyChart.HourCount),
            now, slug, cancellationToken);
        return model! with { Latency = Domain.History.LatencyChart.For(service.Components.Select(c => c.Slug), hourly, now) };
    }

    public async Task<ServiceErrorModel?> ServiceErrorAsync(string slug, string errorSlug, SiteLanguage language, CancellationToken cancellationToken)
    {
        var service = Catalog.FindService(slug);
        var error = Catalog.FindError(errorSlug);
        if (service is null || error is null)
        {
            return null;
        }

        var path = $"/status/{slug}/errors/{errorSlug}";
        var (name, title) = (ChineseNames.Display(service), ErrorGuideText.For(error, language).Title);
        var frame = language == SiteLanguage.English
            ? Frame($"{service.Name}: {error.Title} — causes and fixes — {site.Value.Name}",
                $"{service.Name} {error.Title}: what it means, error signatures, common causes, how to fix it, and {service.Name}'s live status.",
                path, language)
            : Frame(language.Text("ServiceErrorTitle", name, title, site.Value.Name), language.Text("ServiceErrorDescription", name, title), path, language);
        var status = await ServiceAsync(slug, frame, cancellationToken);
        var similar = Catalog.Services.Where(s => s.Category == service.Category && s.Slug != slug).Take(8).ToList();
        return new ServiceErrorModel(frame, status!, error, similar);
    }

    /// <summary>Who saw the service's problems first over the last <see cref="ProviderLagDays"/> days, in <paramref name="language"/>.</summary>
    public async Task<ProviderLagModel?> ProviderLagAsync(string slug, SiteLanguage language, CancellationToken cancellationToken)
    {
        if (Catalog.FindService(slug) is not { } service)
        {
            return null;
        }

        var report = await ProviderLagReportAsync(slug, ProviderLagDays, cancellationToken);
        var path = $"/status/{slug}/provider-lag";
        var frame = language == SiteLanguage.English
            ? Frame($"{service.Name}: who saw its problems first, the last {ProviderLagDays} days — {site.Value.Name}",
                $"Each {service.Name} incident our probes detected against the time {service.Company} first posted about it.", path, language)
            : Frame(language.Text("LagTitle", ChineseNames.Display(service), ProviderLagDays, site.Value.Name),
                language.Text("LagDescription", ChineseNames.Display(service), service.Company), path, language);
        return new ProviderLagModel(frame, service, report);
    }

    public const int ProviderLagDays = 90;

    public async Task<Domain.Incidents.ProviderLagReport> ProviderLagReportAsync(string slug, int days, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var since = now - TimeSpan.FromDays(days);
        return Domain.Incidents.ProviderLagReport.For(slug, since, await incidents.ListAsync(slug, since, cancellationToken),
            await vendorIncidents.ListAsync(slug, since - Domain.Incidents.OfficialLag.Lead, cancellationToken), now);
    }

    public ErrorModel? Error(string slug, SiteLanguage language)
    {
        var error = Catalog.FindError(slug);
        if (error is null)
        {
            return null;
        }

        var providers = error.Signatures.Select(s => s.Provider).Concat(error.ProviderNotes.Select(n => n.Provider))
            .OfType<string>().Distinct().Select(Catalog.FindService).OfType<ServiceDefinition>().ToList();
        var text = ErrorGuideText.For(error, language);
        var frame = Frame(language.Text("ErrorTitle", text.Title, site.Value.Name), text.Summary, $"/errors/{slug}", language);
        return new ErrorModel(frame, error, providers, Catalog.Services);
    }

    private static bool Matches(ServiceDefinition s, string q) =>
        s.Name.Contains(q, StringComparison.OrdinalIgnoreCase) || s.Company.Contains(q, StringComparison.OrdinalIgnoreCase)
        || s.Slug.Contains(q, StringComparison.OrdinalIgnoreCase) || s.Region.Contains(q, StringComparison.OrdinalIgnoreCase)
        // Other names people know the service by (文心, 豆包, Qwen …), in either direction: "文心一言" finds 文心.
        || s.Identifiers.Any(i => i.Kind is "name" or "model" && i.Text.Length >= 2
            && (i.Text.Contains(q, StringComparison.OrdinalIgnoreCase) || q.Contains(i.Text, StringComparison.OrdinalIgnoreCase)));
}
