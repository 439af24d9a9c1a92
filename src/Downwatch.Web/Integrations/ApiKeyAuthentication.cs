using System.Collections.Concurrent;
using Downwatch.Storage;

namespace Downwatch.Web.Integrations;

/// <summary>
/// The write API's key check, as an endpoint filter: <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key</c>.
/// A missing, unknown or revoked key is answered 401 with a problem body; a valid one names the caller.
/// </summary>
internal static class ApiKeyAuthentication
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
        var verified = http.RequestServices.GetRequiredService<VerifiedApiKeys>();
        if (name is null)
        {
            verified.Forget(key);
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(
                key is null ? "An API key is required (Authorization: Bearer <key> or X-Api-Key)." : "The API key is not valid or was revoked.",
                statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        }

        verified.Remember(key!);
        http.Items[KeyNameItem] = name;
        return await next(context);
    }
}

/// <summary>
/// Hashes of keys that passed the check recently, so the rate limiter (which runs before the check) gives a key its
/// own allowance only once it is known to be real: an unknown key counts against its client's allowance, and made-up
/// keys cannot each open a fresh one. Bounded; forgotten when a key fails (revoked).
/// </summary>
internal sealed class VerifiedApiKeys
{
    public const int MaxKeys = 10_000;

    private readonly ConcurrentDictionary<string, byte> _hashes = new(StringComparer.Ordinal);

    public bool IsVerified(string key) => _hashes.ContainsKey(SqlApiKeyStore.Hash(key));

    public void Remember(string key)
    {
        if (_hashes.Count >= MaxKeys)
        {
            _hashes.Clear();
        }

        _hashes.TryAdd(SqlApiKeyStore.Hash(key), 0);
    }

    public void Forget(string? key)
    {
        if (key is not null)
        {
            _hashes.TryRemove(SqlApiKeyStore.Hash(key), out _);
        }
    }
}
