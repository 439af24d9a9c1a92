using Downwatch.Web.Integrations;
using Downwatch.Notifications;
using Downwatch.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Downwatch.Web.Subscriptions;

/// <summary>
/// The subscriptions API: public e-mail subscribing (confirmed by mail), and webhook, Slack and Discord
/// subscriptions and their dead letters for holders of an API key. Every write is rate-limited.
/// </summary>
internal static class SubscriptionEndpoints
{
    public static IEndpointRouteBuilder MapSubscriptionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/subscriptions/email", SubscribeEmail).WithTags("Notifications").RequireRateLimiting(ApiRateLimits.SubscribePolicy);

        var keyed = app.MapGroup("/api/v1").WithTags("Notifications").AddEndpointFilter(ApiKeyAuthentication.RequireAsync);
        keyed.MapPost("/subscriptions", Create).RequireRateLimiting(ApiRateLimits.Policy);
        keyed.MapGet("/subscriptions", List);
        keyed.MapDelete("/subscriptions/{id}", Remove).RequireRateLimiting(ApiRateLimits.Policy);
        keyed.MapGet("/deliveries/dead-letters", DeadLetters);
        return app;
    }

    public static async Task<Results<Accepted<SubscribeAnswer>, ProblemHttpResult>> SubscribeEmail(EmailSubscriptionRequest request,
        Subscribing subscribing, CancellationToken ct)
    {
        if (!subscribing.EmailEnabled)
        {
            return TypedResults.Problem("E-mail notifications are not set up on this site.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var email = request.Email?.Trim();
        if (!Subscribing.IsEmailAddress(email))
        {
            return TypedResults.Problem("Give a valid e-mail address.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (subscribing.CheckScope(request.Service, request.Component) is { } scopeError)
        {
            return TypedResults.Problem(scopeError, statusCode: StatusCodes.Status400BadRequest);
        }

        await subscribing.SubscribeEmailAsync(email!, request.Service, request.Component, ct);
        return TypedResults.Accepted((string?)null, new SubscribeAnswer("confirmation-sent",
            "If the address is not yet subscribed, a confirmation link is on its way; nothing else is sent before it is opened."));
    }

    public static async Task<Results<Created<SubscriptionView>, ProblemHttpResult>> Create(HookSubscriptionRequest request,
        HttpContext context, Subscribing subscribing, ISubscriptionStore subscriptions, IOptions<ApiOptions> api, CancellationToken ct)
    {
        var channel = request.Channel?.Trim().ToLowerInvariant();
        if (channel is null || !Subscribing.HookChannels.Contains(channel))
        {
            return TypedResults.Problem($"channel must be one of: {string.Join(", ", Subscribing.HookChannels)} (e-mail: POST /api/v1/subscriptions/email).",
                statusCode: StatusCodes.Status400BadRequest);
        }

        if (!Subscribing.IsHookUrl(request.Url))
        {
            return TypedResults.Problem($"url must be an absolute http(s) URL of at most {Subscribing.MaxHookUrlLength} characters, without "
                + "credentials, spaces or control characters.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (subscribing.CheckScope(request.Service, request.Component) is { } scopeError)
        {
            return TypedResults.Problem(scopeError, statusCode: StatusCodes.Status400BadRequest);
        }

        if (request.Secret is { } secret && (secret.Length < 16 || secret.Length > 128))
        {
            return TypedResults.Problem("A secret must have 16 to 128 characters (or leave it out and one is drawn).", statusCode: StatusCodes.Status400BadRequest);
        }

        if ((await subscriptions.OwnedByAsync(ApiKeyAuthentication.KeyName(context), ct)).Count >= api.Value.SubscriptionsPerKey)
        {
            return TypedResults.Problem($"This key already holds {api.Value.SubscriptionsPerKey} subscriptions, the most one key may hold; "
                + "remove one (DELETE /api/v1/subscriptions/{id}) or use another key.", statusCode: StatusCodes.Status409Conflict);
        }

        var subscription = await subscribing.AddHookAsync(channel, request.Url!, request.Service, request.Component, request.Secret,
            ApiKeyAuthentication.KeyName(context), ct);
        return TypedResults.Created($"/api/v1/subscriptions/{subscription.Id}", SubscriptionView.Of(subscription, withSecret: channel == WebhookNotifier.Name));
    }

    public static async Task<Ok<IReadOnlyList<SubscriptionView>>> List(HttpContext context, ISubscriptionStore subscriptions, CancellationToken ct)
    {
        var owned = await subscriptions.OwnedByAsync(ApiKeyAuthentication.KeyName(context), ct);
        return TypedResults.Ok<IReadOnlyList<SubscriptionView>>([.. owned.Select(s => SubscriptionView.Of(s, withSecret: false))]);
    }

    public static async Task<Results<NoContent, NotFound>> Remove(string id, HttpContext context, ISubscriptionStore subscriptions, CancellationToken ct)
    {
        var subscription = await subscriptions.FindAsync(id, ct);
        if (subscription is null || subscription.OwnerKey != ApiKeyAuthentication.KeyName(context))
        {
            return TypedResults.NotFound();
        }

        await subscriptions.RemoveAsync(id, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<IReadOnlyList<DeadLetterView>>> DeadLetters(HttpContext context, ISubscriptionStore subscriptions,
        IDeliveryStore deliveries, CancellationToken ct)
    {
        var owned = await subscriptions.OwnedByAsync(ApiKeyAuthentication.KeyName(context), ct);
        var byId = owned.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var dead = await deliveries.DeadLettersAsync(byId.Keys, 200, ct);
        return TypedResults.Ok<IReadOnlyList<DeadLetterView>>([.. dead.Select(d => new DeadLetterView(d.Id, d.SubscriptionId,
            byId[d.SubscriptionId].Channel, d.EventId, d.Kind, d.Attempts, d.LastError, d.CreatedAt, d.FinishedAt))]);
    }
}

internal sealed record EmailSubscriptionRequest(string? Email, string? Service = null, string? Component = null);

/// <param name="Channel">"webhook", "slack" or "discord".</param>
/// <param name="Secret">Webhook signing secret (16–128 characters); drawn when left out and shown once in the answer.</param>
internal sealed record HookSubscriptionRequest(string? Channel, string? Url, string? Service = null, string? Component = null, string? Secret = null);

internal sealed record SubscribeAnswer(string Status, string Message);

internal sealed record SubscriptionView(string Id, string Channel, string Url, string? Service, string? Component, DateTimeOffset CreatedAt, string? Secret)
{
    public static SubscriptionView Of(Subscription s, bool withSecret) =>
        new(s.Id, s.Channel, s.Target, s.Service, s.Component, s.CreatedAt, withSecret ? s.Secret : null);
}

internal sealed record DeadLetterView(long Id, string SubscriptionId, string Channel, string EventId, string Kind, int Attempts,
    string? LastError, DateTimeOffset QueuedAt, DateTimeOffset? GaveUpAt);
