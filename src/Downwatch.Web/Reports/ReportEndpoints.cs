using Downwatch.Domain.Observations;
using Downwatch.Domain.Reports;
using Downwatch.Web.Pages;
using Downwatch.Web.Pages.Models;
using Downwatch.Domain.Site;
using Downwatch.Web.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Downwatch.Web.Reports;

/// <summary>Community report submissions: a plain form POST (redirects back, 303) and a JSON variant.</summary>
internal static class ReportEndpoints
{
    /// <summary>Name of the field people never see; anything in it marks the sender as a script.</summary>
    public const string HoneypotField = "website";

    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("").WithTags("Reports");
        reports.MapPost("/status/{slug}/report", SubmitForm);
        reports.MapPost("/api/status/{slug}/reports", SubmitJson);
        reports.MapGet("/api/status/{slug}/reports/challenge", Challenge);
        return app;
    }

    public static async Task<Results<StatusCodeHttpResult, BadRequest<string>, NotFound, ContentHttpResult>> SubmitForm(string slug,
        HttpContext context, IOptions<SiteOptions> site, SitePages pages, ReportIntake intake, ClientFingerprint fingerprint,
        ReportRateLimit limit, ProofOfWork proof, TimeProvider time, CancellationToken ct)
    {
        var (known, client, wait) = Admit(slug, context, pages, fingerprint, limit);
        if (!known)
        {
            return TypedResults.NotFound();
        }

        if (wait is { } retryAfter)
        {
            return TooMany(context, retryAfter);
        }

        if (!context.Request.HasFormContentType || !SameOriginPosts.IsAllowed(context.Request, site.Value))
        {
            return TypedResults.BadRequest("The form did not come from this site. Open the page on this site and try again.");
        }

        var form = await context.Request.ReadFormAsync(ct);
        var back = LocalPath(form["back"].ToString(), $"/status/{slug}");
        if (!string.IsNullOrEmpty(form[HoneypotField].ToString()))
        {
            return SeeOther(context, back, "thanks"); // looks accepted, stores nothing
        }

        if (Refused(proof, slug, form[ProofChallengeField].ToString(), form[ProofNonceField].ToString()) is { } refusal)
        {
            return TypedResults.BadRequest(refusal);
        }

        var report = Read(slug, form["category"].ToString(), form["note"].ToString(), form["region"].ToString(), client, time);
        if (report is null)
        {
            return TypedResults.BadRequest(InvalidText);
        }

        var outcome = await intake.SubmitAsync(report, ct);
        return outcome is ReportOutcome.Busy or ReportOutcome.Unavailable ? Refused(context, outcome)
            : SeeOther(context, back, outcome == ReportOutcome.Stored ? "thanks" : "again");
    }

    public static async Task<Results<Ok<ReportAnswer>, BadRequest<string>, NotFound, ContentHttpResult>> SubmitJson(string slug,
        ReportRequest request, HttpContext context, SitePages pages, ReportIntake intake, ClientFingerprint fingerprint,
        ReportRateLimit limit, ProofOfWork proof, TimeProvider time, CancellationToken ct)
    {
        var (known, client, wait) = Admit(slug, context, pages, fingerprint, limit);
        if (!known)
        {
            return TypedResults.NotFound();
        }

        if (wait is { } retryAfter)
        {
            return TooMany(context, retryAfter);
        }

        if (!string.IsNullOrEmpty(request.Website))
        {
            return TypedResults.Ok(new ReportAnswer("stored")); // the honeypot: looks accepted, stores nothing
        }

        if (Refused(proof, slug, request.PowChallenge, request.PowNonce) is { } refusal)
        {
            return TypedResults.BadRequest(refusal);
        }

        var report = Read(slug, request.Category, request.Note, request.Region, client, time);
        if (report is null)
        {
            return TypedResults.BadRequest(InvalidText);
        }

        var outcome = await intake.SubmitAsync(report, ct);
        return outcome is ReportOutcome.Busy or ReportOutcome.Unavailable ? Refused(context, outcome)
            : TypedResults.Ok(new ReportAnswer(outcome == ReportOutcome.Stored ? "stored" : "already-counted"));
    }

    /// <summary>A fresh proof-of-work challenge for API clients (null with difficulty 0 when none is asked).</summary>
    public static Results<Ok<ProofChallenge>, NotFound> Challenge(string slug, HttpContext context, SitePages pages, ProofOfWork proof)
    {
        if (pages.Catalog.FindService(slug) is null)
        {
            return TypedResults.NotFound();
        }

        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(proof.Enabled ? new ProofChallenge(proof.Issue(slug), proof.Difficulty) : new ProofChallenge(null, 0));
    }

    /// <summary>Form fields of the proof of work: the server's challenge and the nonce the page's script found.</summary>
    public const string ProofChallengeField = "pow-challenge";

    public const string ProofNonceField = "pow-nonce";

    private static string? Refused(ProofOfWork proof, string slug, string? challenge, string? nonce)
    {
        if (!proof.Enabled)
        {
            return null;
        }

        var verdict = proof.Verify(slug, challenge, nonce);
        return verdict == ProofVerdict.Valid ? null : ProofOfWork.Explain(verdict);
    }

    /// <summary>503 with Retry-After: nothing was stored, and the sender may send the same report again.</summary>
    private static ContentHttpResult Refused(HttpContext context, ReportOutcome outcome)
    {
        context.Response.Headers.RetryAfter = "60";
        return TypedResults.Text(outcome == ReportOutcome.Busy
                ? "Too many reports are arriving right now. Please try again in a minute."
                : "Your report could not be stored right now (our database is unavailable), so it was not counted. Please try again in a minute.",
            "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>What both ways of reporting ask first: is the service known, who is the client, may it report now
    /// (and how long to wait when it may not).</summary>
    private static (bool Known, string Client, TimeSpan? Wait) Admit(string slug, HttpContext context, SitePages pages,
        ClientFingerprint fingerprint, ReportRateLimit limit)
    {
        if (pages.Catalog.FindService(slug) is null)
        {
            return (false, "", null);
        }

        var client = fingerprint.Of(context);
        return limit.TryAcquire(client, out var retryAfter) ? (true, client, null) : (true, client, retryAfter);
    }

    private static ContentHttpResult TooMany(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Text("You have sent several reports in a short time. Please wait a few minutes before sending another.",
            "text/plain; charset=utf-8", statusCode: StatusCodes.Status429TooManyRequests);
    }

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

/// <summary>
/// A report sent as JSON. <see cref="Website"/> is the honeypot (people leave it empty); the proof-of-work fields are
/// needed only when the site asks for it (see <c>GET /api/status/{slug}/reports/challenge</c>).
/// </summary>
internal sealed record ReportRequest(string Category, string? Note = null, string? Region = null, string? Website = null,
    string? PowChallenge = null, string? PowNonce = null);

/// <summary>A proof-of-work challenge and the leading zero bits SHA-256(challenge + nonce) must have.</summary>
internal sealed record ProofChallenge(string? Challenge, int Difficulty);

/// <summary>"stored" once committed, or "already-counted" when this client already has a vote in this window.</summary>
internal sealed record ReportAnswer(string Outcome);
