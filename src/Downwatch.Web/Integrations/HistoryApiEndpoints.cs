using System.Globalization;
using System.Text;
using Downwatch.Domain.Incidents;
using Downwatch.Domain.Status;
using Downwatch.Storage;
using Downwatch.Web.Pages;
using Downwatch.Status;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace Downwatch.Web.Integrations;

/// <summary>The read API's history: incidents (filtered, paged), daily uptime rollups and community-report activity.</summary>
internal static class HistoryApiEndpoints
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    public static readonly TimeSpan DefaultIncidentHistory = TimeSpan.FromDays(90);
    public static readonly TimeSpan MaxIncidentHistory = TimeSpan.FromDays(366);
    public static readonly int[] UptimePeriods = [7, 30, 90];

    public static IEndpointRouteBuilder MapHistoryApiEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("API");
        api.MapGet("/incidents", Incidents).CachedPerRound();
        api.MapGet("/services/{slug}/uptime", Uptime).CachedPerRound();
        api.MapGet("/services/{slug}/reports", Reports);
        api.MapGet("/services/{slug}/provider-lag", ProviderLag).CachedPerRound();
        return app;
    }

    /// <summary>Incidents newest first. <paramref name="status"/> is "open" or "resolved"; <paramref name="since"/> an
    /// ISO 8601 time (default 90 days ago, at most 366); <paramref name="cursor"/> the <c>next</c> value of the previous page.</summary>
    public static async Task<Results<Ok<IncidentPage>, BadRequest<ApiError>, NotFound<ApiError>>> Incidents(IIncidentStore store,
        IVendorIncidentStore vendor, StatusBoard board, TimeProvider time, HttpContext context, string? service, string? status, DateTimeOffset? since,
        int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (service is not null && board.Catalog.FindService(service) is null)
        {
            return TypedResults.NotFound(new ApiError($"No service '{service}' in the catalog."));
        }

        if (status is not (null or "" or "open" or "resolved"))
        {
            return TypedResults.BadRequest(new ApiError("status must be 'open' or 'resolved'."));
        }

        bool? open = string.IsNullOrEmpty(status) ? null : status == "open";

        var now = time.GetUtcNow();
        var from = since ?? now - DefaultIncidentHistory;
        if (from < now - MaxIncidentHistory)
        {
            return TypedResults.BadRequest(new ApiError($"since may reach back at most {MaxIncidentHistory.TotalDays:0} days."));
        }

        var size = limit ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            return TypedResults.BadRequest(new ApiError($"limit must be between 1 and {MaxPageSize}."));
        }

        (DateTimeOffset, string)? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (ReadCursor(cursor) is not { } position)
            {
                return TypedResults.BadRequest(new ApiError("cursor is not one this API issued; start again without it."));
            }

            after = position;
        }

        // One more than asked tells whether a next page exists without a count query.
        var rows = await store.PageAsync(new IncidentQuery(service, open, from, after, size + 1), cancellationToken);
        var listed = rows.Take(size).ToList();
        var theirs = await vendor.AroundAsync(listed, cancellationToken);
        var page = listed.Select(i => ToApi(i, board, OfficialLag.For(i, theirs, now))).ToList();
        string? next = null;
        if (rows.Count > size)
        {
            var last = rows[size - 1];
            var query = new Dictionary<string, string?>
            {
                ["service"] = service, ["status"] = status, ["since"] = from.ToString("O", CultureInfo.InvariantCulture),
                ["limit"] = size.ToString(CultureInfo.InvariantCulture), ["cursor"] = WriteCursor(last.StartedAt, last.Id),
            };
            next = QueryHelpers.AddQueryString("/api/v1/incidents", query.Where(q => !string.IsNullOrEmpty(q.Value)));
            context.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        }

        return TypedResults.Ok(new IncidentPage(page, next));
    }

    /// <summary>Daily uptime of each component over the last 7, 30 or 90 UTC days (today included).</summary>
    public static async Task<Results<Ok<UptimeAnswer>, BadRequest<ApiError>, NotFound<ApiError>>> Uptime(IAssessmentStore store,
        StatusBoard board, TimeProvider time, string slug, int? days, CancellationToken cancellationToken)
    {
        if (board.Catalog.FindService(slug) is not { } service)
        {
            return TypedResults.NotFound(new ApiError($"No service '{slug}' in the catalog."));
        }

        var period = days ?? 90;
        if (!UptimePeriods.Contains(period))
        {
            return TypedResults.BadRequest(new ApiError("days must be 7, 30 or 90."));
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var from = today.AddDays(-(period - 1));
        var rows = (await store.ReadDailyUptimeAsync(slug, from, today, cancellationToken))
            .ToDictionary(r => (r.Component, r.Day));
        var components = service.Components.Select(c =>
        {
            var daily = Enumerable.Range(0, period).Select(i => from.AddDays(i)).Select(day => rows.GetValueOrDefault((c.Slug, day)) is { } r
                ? new UptimeDayAnswer(day, r.Uptime, r.MeasuredSeconds, r.DegradedSeconds, r.OutageSeconds, r.MaintenanceSeconds)
                : new UptimeDayAnswer(day, null, 0, 0, 0, 0)).ToList();
            return new UptimeComponent(c.Slug, c.Name, Share(daily), daily);
        }).ToList();
        return TypedResults.Ok(new UptimeAnswer(slug, from, today, Share(components.SelectMany(c => c.Days)), components));
    }

    /// <summary>Who saw the service's problems first over the last 7, 30 or 90 days: each incident our probes detected
    /// with the provider's first post, the summary, and the provider's incidents our probes never showed.</summary>
    public static async Task<Results<Ok<ProviderLagAnswer>, BadRequest<ApiError>, NotFound<ApiError>>> ProviderLag(Pages.SitePages pages,
        string slug, int? days, CancellationToken cancellationToken)
    {
        if (pages.Catalog.FindService(slug) is null)
        {
            return TypedResults.NotFound(new ApiError($"No service '{slug}' in the catalog."));
        }

        var period = days ?? Pages.SitePages.ProviderLagDays;
        if (!UptimePeriods.Contains(period))
        {
            return TypedResults.BadRequest(new ApiError("days must be 7, 30 or 90."));
        }

        var report = await pages.ProviderLagReportAsync(slug, period, cancellationToken);
        var s = report.Summary;
        return TypedResults.Ok(new ProviderLagAnswer(slug, report.Since, period, s.Incidents, s.OursFirst, s.TheirsFirst, s.Silent,
            s.MedianLead?.TotalSeconds, report.NeverSeen.Count, report.Sentence(),
            report.Detected.Select(d => new ProviderLagIncident(d.Incident.Id, d.Incident.Title, d.Incident.StartedAt, d.Lag.Posted,
                d.Lag.Posted is null ? null : d.Lag.Lag.TotalSeconds, d.Lag.Theirs?.Url, d.Lag.Sentence(d.Incident.IsOpen))).ToList(),
            report.NeverSeen.Select(v => new ProviderPost(v.Title, v.StartedAt, v.Url)).ToList()));
    }

    /// <summary>"What we're seeing right now" as data: distinct reporters in rolling windows against the usual level,
    /// the most reported problems, and the last 24 hours hour by hour.</summary>
    public static Results<Ok<ReportsAnswer>, NotFound<ApiError>> Reports(StatusBoard board, ReportPanelCache panel, string slug)
    {
        if (board.Catalog.FindService(slug) is null)
        {
            return TypedResults.NotFound(new ApiError($"No service '{slug}' in the catalog."));
        }

        var (signal, activity) = panel.Get(slug);
        return TypedResults.Ok(new ReportsAnswer(slug, signal.IsSpike, signal.Latest,
            activity.Windows.Select(w => new ReportWindowAnswer((int)w.Window.TotalMinutes, w.DistinctReporters, w.Baseline.Median,
                w.Threshold, w.IsAboveUsual)).ToList(),
            activity.TopProblems.Select(t => new ReportProblemAnswer(t.Category, t.Label, t.DistinctReporters)).ToList(),
            activity.WorksForMeLastHour,
            activity.Hours.Select(h => new ReportHourAnswer(h.End, h.DistinctReporters, h.Usual, h.Threshold)).ToList()));
    }

    /// <summary>Share of measured time without an outage, or null when nothing was measured.</summary>
    private static double? Share(IEnumerable<UptimeDayAnswer> days)
    {
        double measured = 0, outage = 0;
        foreach (var d in days)
        {
            measured += d.MeasuredSeconds;
            outage += d.OutageSeconds;
        }

        return measured <= 0 ? null : (measured - outage) / measured;
    }

    private static IncidentAnswer ToApi(Incident i, StatusBoard board, OfficialLag lag) =>
        new(i.Id, i.Service, board.Catalog.FindService(i.Service)?.Name ?? i.Service, i.Title, i.WorstStatus, i.Phase, i.IsOpen,
            i.StartedAt, i.ResolvedAt, i.Timeline.Select(IncidentUpdateAnswer.Of).ToList(),
            $"/status/{i.Service}", lag.Posted, lag.Posted is null ? null : lag.Lag.TotalSeconds, lag.Theirs?.Url, lag.Sentence(i.IsOpen));

    private static string WriteCursor(DateTimeOffset startedAt, string id) =>
        WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes($"{startedAt.ToUnixTimeMilliseconds()}|{id}"));

    private static (DateTimeOffset, string)? ReadCursor(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            return bar > 0 && long.TryParse(text.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
                ? (DateTimeOffset.FromUnixTimeMilliseconds(ms), text[(bar + 1)..])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

internal sealed record ApiError(string Error);

/// <param name="DetectedAhead">Incidents our probes saw before the provider posted.</param>
/// <param name="MedianLeadSeconds">Median lead of those, null when there are none.</param>
internal sealed record ProviderLagAnswer(string Service, DateTimeOffset Since, int Days, int Detected, int DetectedAhead, int ProviderFirst,
    int ProviderSilent, double? MedianLeadSeconds, int PostsNeverSeen, string Sentence, IReadOnlyList<ProviderLagIncident> Incidents,
    IReadOnlyList<ProviderPost> NeverSeen);

internal sealed record ProviderLagIncident(string Id, string Title, DateTimeOffset DetectedAt, DateTimeOffset? ProviderPostedAt,
    double? DetectedAheadSeconds, string? ProviderIncidentUrl, string ProviderLag);

internal sealed record ProviderPost(string Title, DateTimeOffset StartedAt, string? Url);

internal sealed record IncidentPage(IReadOnlyList<IncidentAnswer> Incidents, string? Next);

internal sealed record IncidentAnswer(string Id, string Service, string ServiceName, string Title, ServiceStatus WorstStatus,
    IncidentPhase Phase, bool Open, DateTimeOffset StartedAt, DateTimeOffset? ResolvedAt, IReadOnlyList<IncidentUpdateAnswer> Updates,
    string Page, DateTimeOffset? ProviderPostedAt, double? DetectedAheadSeconds, string? ProviderIncidentUrl, string ProviderLag);

/// <param name="Phase">Our incident's phase; for the provider's entries, the provider's own word.</param>
/// <param name="Status">What we measured at that point; null for the provider's entries.</param>
/// <param name="Source">"measured", "operator" or "provider" (an update copied from the provider's status page).</param>
internal sealed record IncidentUpdateAnswer(DateTimeOffset At, string Phase, ServiceStatus? Status, string Text, string Source,
    string? ProviderIncident, string? ProviderIncidentUrl)
{
    public static IncidentUpdateAnswer Of(TimelineEntry e) => new(e.At, e.Phase, e.Status, e.Text, e.Voice.ToString().ToLowerInvariant(),
        e.Provider?.Title, e.Provider?.Url);
}

internal sealed record UptimeAnswer(string Service, DateOnly From, DateOnly To, double? Uptime, IReadOnlyList<UptimeComponent> Components);

internal sealed record UptimeComponent(string Component, string Name, double? Uptime, IReadOnlyList<UptimeDayAnswer> Days);

/// <param name="Uptime">Share of measured time without an outage that day; null when nothing was measured.</param>
internal sealed record UptimeDayAnswer(DateOnly Day, double? Uptime, double MeasuredSeconds, double DegradedSeconds,
    double OutageSeconds, double MaintenanceSeconds);

internal sealed record ReportsAnswer(string Service, bool Spike, DateTimeOffset? LatestReport, IReadOnlyList<ReportWindowAnswer> Windows,
    IReadOnlyList<ReportProblemAnswer> TopProblems, int WorksForMeLastHour, IReadOnlyList<ReportHourAnswer> Hours);

internal sealed record ReportWindowAnswer(int Minutes, int DistinctReporters, double Usual, double Threshold, bool AboveUsual);

internal sealed record ReportProblemAnswer(string Category, string Label, int DistinctReporters);

internal sealed record ReportHourAnswer(DateTimeOffset End, int DistinctReporters, double Usual, double Threshold);
