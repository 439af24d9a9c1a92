using Downwatch.Storage;

namespace Downwatch.Web.Notifications;

/// <summary>
/// The write API's key check, as an endpoint filter: <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key</c>.
/// A missing, unknown or revoked key is answered 401 with a problem body; a valid one names the caller.
/// </summary>
public static class ApiKeyAuthentication
{
    public const string HeaderName = "X-Api-Key";
    private const string KeyNameItem = "downwatch.api.key";

    /// <summary>The key the request presents, checked or not.</summary>
    public static string? Presented(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var bearer = authorization["Bearer ".Length..].Trim();
            return bearer.Length > 0 ? bearer : null;
        }

        var header = request.Headers[HeaderName].ToString().Trim();
        return header.Length > 0 ? header : null;
    }

    /// <summary>Name of the authenticated key (set by <see cref="RequireAsync"/>).</summary>
    public static string KeyName(HttpContext context) => (string)context.Items[KeyNameItem]!;

    public static async ValueTask<object?> RequireAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = Presented(http.Request);
        var name = key is null || key.Length > 200
            ? null
            : await http.RequestServices.GetRequiredService<IApiKeyStore>().AuthenticateAsync(key, http.RequestAborted);
        if (name is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(
                key is null ? "An API key is required (Authorization: Bearer <key> or X-Api-Key)." : "The API key is not valid or was revoked.",
                statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        }

        http.Items[KeyNameItem] = name;
        return await next(context);
    }
}
