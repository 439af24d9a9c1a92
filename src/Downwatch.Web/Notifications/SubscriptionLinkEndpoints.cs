using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Downwatch.Web.Notifications;

/// <summary>
/// The links in the mails: confirm a subscription, and one-click unsubscribe (GET from the mail, or POST as
/// RFC 8058's List-Unsubscribe-Post sends it). Both answer a short page.
/// </summary>
public static class SubscriptionLinkEndpoints
{
    public static IEndpointRouteBuilder MapSubscriptionLinkEndpoints(this IEndpointRouteBuilder app)
    {
        var links = app.MapGroup("").WithTags("Notifications").ExcludeFromDescription();
        links.MapGet(SubscriptionLinks.ConfirmPath, Confirm);
        links.MapGet(SubscriptionLinks.UnsubscribePath, Unsubscribe);
        links.MapPost(SubscriptionLinks.UnsubscribePath, Unsubscribe).DisableAntiforgery();
        return app;
    }

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

    private static ContentHttpResult Page(int status, string title, string text) => TypedResults.Content($"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>{WebUtility.HtmlEncode(title)} · Downwatch</title>
        <link rel="stylesheet" href="/assets/site.css"></head>
        <body><main><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(text)}</p><p><a href="/">Back to Downwatch</a></p></main></body></html>
        """, "text/html; charset=utf-8", statusCode: status);
}
