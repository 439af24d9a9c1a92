using System.Globalization;
using System.Security;
using Downwatch.Domain.Status;
using Downwatch.Status;

namespace Downwatch.Web.Integrations;

/// <summary>Shields-style SVG badges of a service's or a component's current status, for READMEs and dashboards.</summary>
internal static class BadgeEndpoints
{
    public static IEndpointRouteBuilder MapBadgeEndpoints(this IEndpointRouteBuilder app)
    {
        var badges = app.MapGroup("/badge").WithTags("Badges").CachedPerRound();
        badges.MapGet("/{slug}.svg", Service);
        badges.MapGet("/{slug}/{component}.svg", Component);
        return app;
    }

    public static IResult Service(StatusBoard board, HttpContext context, string slug) =>
        board.Catalog.FindService(slug) is { } service
            ? Svg(context, service.Name, board.Get(slug).Status)
            : TypedResults.NotFound();

    public static IResult Component(StatusBoard board, HttpContext context, string slug, string component)
    {
        var service = board.Catalog.FindService(slug);
        var definition = service?.FindComponent(component);
        return service is null || definition is null
            ? TypedResults.NotFound()
            : Svg(context, $"{service.Name} {definition.Name}", board.Get(slug).FindComponent(component)!.Status);
    }

    /// <summary>The badge: label on grey, status on its colour, widths from an approximate 11 px Verdana advance.</summary>
    public static string Render(string label, ServiceStatus status)
    {
        var text = status.Title().ToLowerInvariant();
        var color = status switch
        {
            ServiceStatus.Operational => "#2e7d32",
            ServiceStatus.Degraded => "#b08800",
            ServiceStatus.PartialOutage => "#d1580b",
            ServiceStatus.MajorOutage => "#cf222e",
            ServiceStatus.Maintenance => "#0969da",
            _ => "#6e7781",
        };
        var left = Width(label);
        var right = Width(text);
        var l = SecurityElement.Escape(label);
        var t = SecurityElement.Escape(text);
        return string.Create(CultureInfo.InvariantCulture, $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="{left + right}" height="20" role="img" aria-label="{l}: {t}"><title>{l}: {t}</title><linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient><clipPath id="r"><rect width="{left + right}" height="20" rx="3" fill="#fff"/></clipPath><g clip-path="url(#r)"><rect width="{left}" height="20" fill="#555"/><rect x="{left}" width="{right}" height="20" fill="{color}"/><rect width="{left + right}" height="20" fill="url(#s)"/></g><g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11"><text x="{left / 2.0}" y="14">{l}</text><text x="{left + right / 2.0}" y="14">{t}</text></g></svg>
            """);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult Svg(HttpContext context, string label, ServiceStatus status)
    {
        context.Response.Headers.CacheControl = "public, max-age=60";
        return TypedResults.Text(Render(label, status), "image/svg+xml");
    }

    private static int Width(string text) => 10 + (int)Math.Ceiling(text.Sum(c => char.IsUpper(c) || c is 'm' or 'w' ? 8.5 : c is 'i' or 'l' or 'j' or 't' or ' ' or '.' ? 3.5 : 6.8));
}
