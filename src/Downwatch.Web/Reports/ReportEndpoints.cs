using Downwatch.Domain.Observations;
using Downwatch.Domain.Reports;
using Downwatch.Web.Pages;
using Downwatch.Web.Pages.Models;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Downwatch.Web.Reports;

/// <summary>Community report submissions: a plain form POST (redirects back, 303) and a JSON variant.</summary>
public static class ReportEndpoints
{
    public const string RateLimitPolicy = "reports";

    /// <summary>Name of the field people never see; anything in it marks the sender as a script.</summary>
    public const string HoneypotField = "website";

    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("").WithTags("Reports").RequireRateLimiting(RateLimitPolicy);
        reports.MapPost("/status/{slug}/report", SubmitForm);
        reports.MapPost("/api/status/{slug}/reports", SubmitJson);
        return app;
    }

    public static async Task<Results<StatusCodeHttpResult, BadRequest<string>, NotFound>> SubmitForm(string slug, HttpContext context,
        IAntiforgery antiforgery, SitePages pages, ReportIntake intake, ClientFingerprint fingerprint, TimeProvider time, CancellationToken ct)
    {
        if (pages.Catalog.FindService(slug) is null)
        {
            return TypedResults.NotFound();
        }

        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.BadRequest("The form expired or did not come from this site. Reload the page and try again.");
        }

        var form = await context.Request.ReadFormAsync(ct);
        var back = LocalPath(form["back"].ToString(), $"/status/{slug}");
        if (!string.IsNullOrEmpty(form[HoneypotField].ToString()))
        {
            return SeeOther(context, back, "thanks"); // looks accepted, stores nothing
        }

        var report = Read(slug, form["category"].ToString(), form["note"].ToString(), form["region"].ToString(), fingerprint.Of(context), time);
        if (report is null)
        {
            return TypedResults.BadRequest(InvalidText);
        }

        var outcome = await intake.SubmitAsync(report, ct);
        return SeeOther(context, back, outcome == ReportOutcome.Stored ? "thanks" : "again");
    }

    public static async Task<Results<Ok<ReportAnswer>, BadRequest<string>, NotFound>> SubmitJson(string slug, ReportRequest request,
        HttpContext context, SitePages pages, ReportIntake intake, ClientFingerprint fingerprint, TimeProvider time, CancellationToken ct)
    {
        if (pages.Catalog.FindService(slug) is null)
        {
            return TypedResults.NotFound();
        }

        var report = Read(slug, request.Category, request.Note, request.Region, fingerprint.Of(context), time);
        if (report is null)
        {
            return TypedResults.BadRequest(InvalidText);
        }

        var outcome = await intake.SubmitAsync(report, ct);
        return TypedResults.Ok(new ReportAnswer(outcome == ReportOutcome.Stored ? "stored" : "already-counted"));
    }

    /// <summary>The form model for a page that carries the report form; sets the antiforgery cookie.</summary>
    private const string InvalidText =
        "Choose one of the listed problem types; a note can be at most 280 characters and a region at most 64.";

    private static CommunityReport? Read(string slug, string? category, string? note, string? region, string reporter, TimeProvider time)
    {
        category = category?.Trim() ?? "";
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        region = string.IsNullOrWhiteSpace(region) ? null : region.Trim();
        if (!ReportCategories.IsKnown(category) || note?.Length > ReportCategories.MaxNoteLength
            || region?.Length > ReportCategories.MaxRegionLength)
        {
            return null;
        }

        return new CommunityReport(slug, time.GetUtcNow(), reporter, category, note, region);
    }

    private static StatusCodeHttpResult SeeOther(HttpContext context, string back, string reported)
    {
        context.Response.Headers.Location = $"{back}?reported={reported}#report";
        return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
    }

    /// <summary>Only a path on this site; anything else (another host, a scheme) falls back.</summary>
    private static string LocalPath(string candidate, string fallback) =>
        candidate.StartsWith('/') && !candidate.StartsWith("//", StringComparison.Ordinal) && !candidate.Contains('\\')
            && !candidate.Contains('?') && !candidate.Contains('#') && Uri.IsWellFormedUriString(candidate, UriKind.Relative)
            ? candidate
            : fallback;
}

/// <summary>A report sent as JSON.</summary>
public sealed record ReportRequest(string Category, string? Note = null, string? Region = null);

/// <summary>"stored" once committed, or "already-counted" when this client already has a vote in this window.</summary>
public sealed record ReportAnswer(string Outcome);
