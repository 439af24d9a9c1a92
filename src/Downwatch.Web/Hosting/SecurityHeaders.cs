namespace Downwatch.Web.Hosting;

/// <summary>
/// Headers on every response: a Content-Security-Policy that lets a page run only this site's own script files (no
/// inline script, no inline style, no framing by anyone), X-Content-Type-Options: nosniff and a Referrer-Policy. The
/// API reference page (Scalar) starts itself with an inline module script and styles itself at run time, so it — and
/// only it — gets a policy allowing inline script and style from this site; it shows no user content.
/// </summary>
internal static class SecurityHeaders
{
    public const string PagePolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; manifest-src 'self'; "
        + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public const string DocsPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "font-src 'self' data: https://fonts.scalar.com; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public const string DocsPath = "/api/docs";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // Set as the answer starts, so that an answer rewritten on the way (an error explained) carries them too.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(DocsPath) ? DocsPolicy : PagePolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.XFrameOptions = "DENY"; // frame-ancestors for browsers that predate it
            return Task.CompletedTask;
        });
        return next(context);
    });
}
