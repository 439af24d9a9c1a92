using Downwatch.Web.Integrations;
using Downwatch.Notifications;
using System.Net;
using Downwatch.Domain.Site;
using Downwatch.Web.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Downwatch.Web.Subscriptions;

/// <summary>
/// What people reach from a page or a mail: the service page's subscribe form, the confirmation link (which opens a
/// page with a button: mail scanners that follow links must not confirm an address), and one-click unsubscribe (GET
/// from the mail, or POST as RFC 8058's List-Unsubscribe-Post sends it). Each answers a short page.
/// </summary>
internal static class SubscriptionLinkEndpoints
{
    public static IEndpointRouteBuilder MapSubscriptionLinkEndpoints(this IEndpointRouteBuilder app)
    {
        var links = app.MapGroup("").WithTags("Notifications").ExcludeFromDescription();
        links.MapGet(SubscriptionLinks.ConfirmPath, AskToConfirm);
        links.MapPost(SubscriptionLinks.ConfirmPath, Confirm).DisableAntiforgery();
        links.MapGet(SubscriptionLinks.UnsubscribePath, Unsubscribe);
        links.MapPost(SubscriptionLinks.UnsubscribePath, Unsubscribe).DisableAntiforgery();
        links.MapPost("/status/{slug}/subscribe", SubscribeForm).RequireRateLimiting(ApiRateLimits.SubscribePolicy);
        return app;
    }

    public static async Task<ContentHttpResult> SubscribeForm(string slug, HttpContext context, IOptions<SiteOptions> site,
        Subscribing subscribing, CancellationToken ct)
    {
        if (subscribing.CheckScope(slug, null) is not null)
        {
            return Page(StatusCodes.Status404NotFound, "Unknown service", "There is no such service to subscribe to.");
        }

        if (!subscribing.EmailEnabled)
        {
            return Page(StatusCodes.Status503ServiceUnavailable, "Not available", "E-mail notifications are not set up on this site.");
        }

        if (!context.Request.HasFormContentType || !SameOriginPosts.IsAllowed(context.Request, site.Value))
        {
            return Page(StatusCodes.Status400BadRequest, "Not from this site", "The form did not come from this site. Open the page on this site and try again.");
        }

        var form = await context.Request.ReadFormAsync(ct);
        var email = form["email"].ToString().Trim();
        var component = string.IsNullOrWhiteSpace(form["component"]) ? null : form["component"].ToString();
        if (!Subscribing.IsEmailAddress(email) || subscribing.CheckScope(slug, component) is not null)
        {
            return Page(StatusCodes.Status400BadRequest, "Check the address", "That does not look like an e-mail address. Go back and try again.");
        }

        await subscribing.SubscribeEmailAsync(email, slug, component, ct);
        return Page(StatusCodes.Status200OK, "Check your inbox",
            $"If {email} is not subscribed yet, a confirmation link is on its way. Nothing else is sent until it is opened.", $"/status/{slug}");
    }

    /// <summary>The link in the mail: a page whose button confirms (the token itself is the proof; nothing changes on GET).</summary>
    public static ContentHttpResult AskToConfirm(string? token) => string.IsNullOrEmpty(token) || token.Length > 100
        ? Page(StatusCodes.Status404NotFound, "Link not valid", "This confirmation link is not complete.")
        : Page(StatusCodes.Status200OK, "Confirm your subscription", "One more click: confirm that you want e-mail about status changes.",
            form: $"{SubscriptionLinks.ConfirmPath}?token={Uri.EscapeDataString(token)}");

    public static async Task<ContentHttpResult> Confirm(string? token, Subscribing subscribing, CancellationToken ct)
    {
        var confirmed = string.IsNullOrEmpty(token) || token.Length > 100 ? null : await subscribing.ConfirmAsync(token, ct);
        return confirmed is null
            ? Page(StatusCodes.Status404NotFound, "Link not valid", "This confirmation link is unknown, was already used, or was replaced by a newer one.")
            : Page(StatusCodes.Status200OK, "Subscription confirmed",
                $"{confirmed.Target} will get an e-mail when the status changes. Every mail has a one-click unsubscribe link.");
    }

    public static async Task<ContentHttpResult> Unsubscribe(string? id, string? token, Subscribing subscribing, CancellationToken ct)
    {
        var removed = !string.IsNullOrEmpty(id) && !string.IsNullOrEmpty(token) && id.Length <= 64 && token.Length <= 100
            && await subscribing.UnsubscribeAsync(id, token, ct);
        return removed
            ? Page(StatusCodes.Status200OK, "Unsubscribed", "You will get no more e-mail for this subscription.")
            : Page(StatusCodes.Status404NotFound, "Nothing to unsubscribe", "This subscription does not exist any more, or the link is not complete.");
    }

    /// <param name="form">When set, the page carries a button that POSTs to this address.</param>
    private static ContentHttpResult Page(int status, string title, string text, string back = "/", string? form = null) => TypedResults.Content($"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>{WebUtility.HtmlEncode(title)} · Downwatch</title>
        <link rel="stylesheet" href="/site.css"></head>
        <body><main><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(text)}</p>{(form is null ? "" : $"""<form method="post" action="{WebUtility.HtmlEncode(form)}"><button type="submit">Confirm</button></form>""")}<p><a href="{WebUtility.HtmlEncode(back)}">Back to Downwatch</a></p></main></body></html>
        """, "text/html; charset=utf-8", statusCode: status);
}
