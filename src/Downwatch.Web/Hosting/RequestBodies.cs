using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Downwatch.Web.Hosting;

/// <summary>
/// What a request may send and what it is told when it sends too much or something unreadable: every body has a size
/// limit (Kestrel's, lowered; larger only where an endpoint says so), forms have bounded keys, values and counts, and a
/// body that cannot be read — too large, malformed JSON, a broken form or multipart — is answered 400, 413 or 415 with
/// one sentence saying why, never 500.
/// </summary>
internal static class RequestBodies
{
    /// <summary>Any body, unless the endpoint allows more (agent result batches do).</summary>
    public const long DefaultLimit = 1024 * 1024;

    /// <summary>One form field: a pasted error is analysed up to 64 KB, so a paste may be somewhat larger.</summary>
    public const int FormValueLimit = 256 * 1024;

    public const int FormKeyLimit = 256;

    public const int FormValueCountLimit = 256;

    public static IServiceCollection AddRequestBodyLimits(this IServiceCollection services)
    {
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = DefaultLimit);
        services.Configure<FormOptions>(o =>
        {
            o.ValueLengthLimit = FormValueLimit;
            o.KeyLengthLimit = FormKeyLimit;
            o.ValueCountLimit = FormValueCountLimit;
            o.MultipartBodyLengthLimit = DefaultLimit;
            o.MultipartHeadersCountLimit = 16;
            o.MultipartHeadersLengthLimit = 8 * 1024;
        });

        // Minimal APIs throw instead of answering a bare 400, so the answer below can say what was wrong.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>Lets an endpoint take a larger body than <see cref="DefaultLimit"/>.</summary>
    public static TBuilder AllowBodyUpTo<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestSizeLimitAttribute(bytes));

    /// <summary>First in the pipeline: turns a body the server could not read into a short answer.</summary>
    public static IApplicationBuilder UseRequestBodyAnswers(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (UnknownCharset(context.Request.ContentType) is { } charset)
        {
            await ProblemAnswers.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported charset",
                $"The body's charset '{Short(charset)}' is not one this server reads: send UTF-8.");
            return;
        }

        try
        {
            await next(context);
        }
        catch (Exception e) when (Explain(e) is { } answer && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            context.Response.Clear();
            await ProblemAnswers.WriteAsync(context, answer.Status, answer.Title, answer.Detail);
        }
    });

    /// <summary>Sentences for statuses set without a body (for example by routing: 405, 415).</summary>
    public static string? Sentence(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "The request could not be read.",
        StatusCodes.Status405MethodNotAllowed => "This address does not take that method.",
        StatusCodes.Status413PayloadTooLarge => $"The request body is too large (at most {DefaultLimit / 1024} KB here).",
        StatusCodes.Status415UnsupportedMediaType => "This endpoint does not take a body of that Content-Type: the API takes "
            + "application/json, the site's forms application/x-www-form-urlencoded or multipart/form-data.",
        _ => null,
    };

    private static string? UnknownCharset(string? contentType)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var type) || !type.Charset.HasValue)
        {
            return null;
        }

        var charset = type.Charset.Value.Trim('"');
        try
        {
            System.Text.Encoding.GetEncoding(charset);
            return null;
        }
        catch (ArgumentException)
        {
            return charset;
        }
    }

    internal sealed record Answer(int Status, string Title, string Detail);

    internal static Answer? Explain(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case Microsoft.AspNetCore.Http.BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                    return TooLarge("The request body is larger than this endpoint accepts.");
                case InvalidDataException limit:
                    return TooLarge($"The form is larger than this site accepts: {limit.Message} (fields at most {FormValueLimit / 1024} KB, "
                        + $"names at most {FormKeyLimit} characters, at most {FormValueCountLimit} fields).");
                case JsonException json:
                    return new(StatusCodes.Status400BadRequest, "Malformed JSON", $"The body is not valid JSON for this endpoint: {Short(json.Message)}");
            }
        }

        return e switch
        {
            AntiforgeryValidationException => new(StatusCodes.Status400BadRequest, "Unreadable form",
                "The form could not be read (it is cut short or malformed). Reload the page and send it again."),
            Microsoft.AspNetCore.Http.BadHttpRequestException bad => new(bad.StatusCode, "Bad request", Short(bad.Message)),
            // A multipart body cut short or malformed, read by a handler itself (the public forms are not token-checked).
            IOException => new(StatusCodes.Status400BadRequest, "Unreadable form",
                "The form could not be read (it is cut short or malformed). Reload the page and send it again."),
            _ => null,
        };
    }

    private static Answer TooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, "Request too large", detail);

    private static string Short(string message) => message.Length <= 300 ? message : message[..300] + "…";

    /// <summary>Status code pages with a sentence instead of an empty body (HTML pages keep their own 404 page).</summary>
    public static IApplicationBuilder UseExplainedStatusCodes(this IApplicationBuilder app) =>
        app.UseStatusCodePages(async context =>
        {
            var status = context.HttpContext.Response.StatusCode;
            await ProblemAnswers.WriteAsync(context.HttpContext, status, ReasonPhrase(status), Sentence(status) ?? ReasonPhrase(status));
        });

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase
        ? phrase
        : $"Status {status}";
}
