using Downwatch.Web.Pages;
using Downwatch.Web.Pages.Localization;
using Downwatch.Web.Pages.Models;
using Downwatch.Web.Pages.Views;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Downwatch.Web.ErrorDiagnosis;

/// <summary>The request body of <c>POST /api/v1/diagnose</c>.</summary>
internal sealed record DiagnoseRequest(string? Text);

/// <summary>"Is it me or them?": the diagnose page (form and result) and its JSON API.</summary>
internal static class DiagnosisEndpoints
{
    /// <summary>A text in a link (GET) stays short enough for any browser and proxy; longer pastes use the form's POST.</summary>
    public const int MaxQueryChars = 4000;

    public static IEndpointRouteBuilder MapDiagnosisEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Diagnosis");
        api.MapPost("/diagnose", DiagnoseApi).RequireRateLimiting(Integrations.ApiRateLimits.DiagnosePolicy);

        var pages = app.MapGroup("").WithTags("Pages").ExcludeFromDescription();
        pages.MapGet("/diagnose", DiagnosePage);
        pages.MapGet("/zh-CN/diagnose", ChineseDiagnosePage);

        // Diagnosing changes nothing on the server, so there is nothing for a forged form to do: no antiforgery token.
        // Bound at run time, not by the request delegate generator, whose form binding throws (500) on a post without a
        // form Content-Type where the framework's answers 400.
        Delegate english = DiagnoseForm, chinese = ChineseDiagnoseForm;
#pragma warning disable RDG002 // meant: these endpoints are bound at run time
        pages.MapPost("/diagnose", english).DisableAntiforgery().RequireRateLimiting(Integrations.ApiRateLimits.DiagnosePolicy);
        pages.MapPost("/zh-CN/diagnose", chinese).DisableAntiforgery().RequireRateLimiting(Integrations.ApiRateLimits.DiagnosePolicy);
#pragma warning restore RDG002
        return app;
    }

    public static async Task<Results<Ok<DiagnosisAnswer>, BadRequest<ProblemDetails>>> DiagnoseApi(
        [FromBody] DiagnoseRequest? request, LiveDiagnosis diagnosis, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request?.Text))
        {
            return TypedResults.BadRequest(new ProblemDetails
            {
                Title = "No error text",
                Detail = "Send {\"text\": \"<the error your application printed>\"}.",
                Status = StatusCodes.Status400BadRequest,
            });
        }

        return TypedResults.Ok(await diagnosis.DiagnoseAsync(request.Text, ct));
    }

    public static Task<IResult> DiagnosePage(SitePages pages, LiveDiagnosis diagnosis,
        [FromQuery] string? text, CancellationToken ct) => FromLink(pages, diagnosis, text, SiteLanguage.English, ct);

    /// <summary>The diagnose page in Simplified Chinese (the answer's explanations are the diagnosis's own English, marked so).</summary>
    public static Task<IResult> ChineseDiagnosePage(SitePages pages, LiveDiagnosis diagnosis,
        [FromQuery] string? text, CancellationToken ct) => FromLink(pages, diagnosis, text, SiteLanguage.Chinese, ct);

    public static Task<IResult> DiagnoseForm(SitePages pages, LiveDiagnosis diagnosis,
        [FromForm] string? text, CancellationToken ct) => Render(pages, diagnosis, text, false, SiteLanguage.English, ct);

    public static Task<IResult> ChineseDiagnoseForm(SitePages pages, LiveDiagnosis diagnosis,
        [FromForm] string? text, CancellationToken ct) => Render(pages, diagnosis, text, false, SiteLanguage.Chinese, ct);

    private static Task<IResult> FromLink(SitePages pages, LiveDiagnosis diagnosis, string? text,
        SiteLanguage language, CancellationToken ct)
    {
        var bounded = text is { Length: > MaxQueryChars } ? text[..MaxQueryChars] : text;
        return Render(pages, diagnosis, bounded, text is { Length: > MaxQueryChars }, language, ct);
    }

    private static async Task<IResult> Render(SitePages pages, LiveDiagnosis diagnosis, string? text,
        bool cutFromLink, SiteLanguage language, CancellationToken ct)
    {
        var answer = string.IsNullOrWhiteSpace(text) ? null : await diagnosis.DiagnoseAsync(text, ct);
        var frame = language == SiteLanguage.English
            ? pages.Frame($"Is it me or them? Diagnose an AI API error — {pages.SiteName}",
                "Paste the error your app printed (HTTP status, JSON body, SDK exception, log line) and learn which provider, which error, and whether it is on your side or the provider's, checked against live status.",
                "/diagnose", language)
            : pages.Frame(language.Text("DiagnoseTitle", pages.SiteName), language.Text("DiagnoseDescription"), "/diagnose", language);
        return new RazorComponentResult<DiagnosePage>(new Dictionary<string, object?>
        {
            ["Model"] = new DiagnoseModel(frame, text ?? "", answer, cutFromLink),
        });
    }
}
