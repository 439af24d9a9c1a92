using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace Downwatch.Web.Hosting;

/// <summary>The one shape every explained refusal of the pipeline takes: an application/problem+json body with a sentence.</summary>
internal static class ProblemAnswers
{
    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ProblemDetails { Status = status, Title = title, Detail = detail },
            (JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted);
    }
}
