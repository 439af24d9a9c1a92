using Microsoft.AspNetCore.Http.Features;

namespace Downwatch.Web.Hosting;

/// <summary>
/// HEAD answered on every address that answers GET, with the same status and headers and no body: uptime monitors
/// and link checkers ask with HEAD, and a 404 or 405 there reads as "this status site is down". Runs before routing,
/// so the request is routed as a GET; what the handler writes is discarded.
/// </summary>
public static class HeadRequests
{
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }

        context.Request.Method = HttpMethods.Get;
        var body = context.Features.Get<IHttpResponseBodyFeature>()!;
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null, body));
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(body);
            context.Request.Method = HttpMethods.Head;
        }
    });
}
