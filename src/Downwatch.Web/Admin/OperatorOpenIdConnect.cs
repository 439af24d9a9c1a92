using System.Security.Claims;
using Downwatch.Domain.Operators;
using Downwatch.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Downwatch.Web.Admin;

/// <summary>Section "Console:OpenIdConnect": optional sign-in to the console through an OpenID Connect provider (Entra ID,
/// Google, Keycloak, Authentik, …). Off while <see cref="Authority"/> is empty.</summary>
internal sealed class OperatorOpenIdConnectOptions
{
    public const string Section = "Console:OpenIdConnect";

    /// <summary>The provider's issuer address; its <c>/.well-known/openid-configuration</c> is read from there.</summary>
    public string? Authority { get; set; }

    public string ClientId { get; set; } = "";

    public string? ClientSecret { get; set; }

    /// <summary>Shown on the sign-in button: "Sign in with …".</summary>
    public string DisplayName { get; set; } = "your organisation's account";

    /// <summary>The claim whose value becomes the account's name in the console and the audit log.</summary>
    public string NameClaim { get; set; } = "preferred_username";

    /// <summary>The claim (one value per claim, or several) that <see cref="AdminValues"/> and <see cref="EditorValues"/> are matched against.</summary>
    public string RoleClaim { get; set; } = "roles";

    public List<string> AdminValues { get; set; } = [];

    public List<string> EditorValues { get; set; } = [];

    /// <summary>Extra scopes to ask for besides <c>openid profile</c> (for example one that adds the role claim).</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>Leave on; only a provider on this machine's loopback may be read over plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The "Sign in with …" name the sign-in page shows, or null when the provider is off.</summary>
    public string? SignInWith => Enabled ? DisplayName : null;

    /// <summary>What is wrong with the settings, each naming its key; empty when they are usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
        {
            yield return $"{Section}:Authority must be an absolute https address (it is '{Authority}').";
        }
        else if (authority.Scheme == "http" && RequireHttpsMetadata)
        {
            yield return $"{Section}:Authority is plain http; use https, or set {Section}:RequireHttpsMetadata=false for a provider on loopback.";
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            yield return $"{Section}:ClientId is required when {Section}:Authority is set.";
        }

        if (AdminValues.Count == 0 && EditorValues.Count == 0)
        {
            yield return $"{Section}:AdminValues or {Section}:EditorValues must name at least one value of the '{RoleClaim}' claim; " +
                "without one nobody could be given a role.";
        }
    }
}

/// <summary>
/// Sign-in through OpenID Connect (authorization code with PKCE, the answer in the query so no cross-site post is needed):
/// the provider's token names the person and, through a configured claim, their role. They get a console account without
/// a password (so the password form cannot be used for it), its role refreshed at every sign-in; a person whose claims
/// match no configured value is refused and the refusal audited. A local account with a password is never taken over.
/// </summary>
internal static class OperatorOpenIdConnect
{
    public const string Scheme = "Downwatch.Operator.OpenIdConnect";
    public const string CallbackPath = "/admin/signin-oidc";
    public const string SignedInPath = "/admin/signed-in";

    public static AuthenticationBuilder AddOperatorOpenIdConnect(this AuthenticationBuilder authentication, OperatorOpenIdConnectOptions settings) =>
        authentication.AddOpenIdConnect(Scheme, settings.DisplayName, o =>
        {
            o.Authority = settings.Authority;
            o.ClientId = settings.ClientId;
            o.ClientSecret = string.IsNullOrEmpty(settings.ClientSecret) ? null : settings.ClientSecret;
            o.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.UsePkce = true;
            o.CallbackPath = CallbackPath;
            o.SignInScheme = ConsoleServiceCollectionExtensions.Scheme;
            o.MapInboundClaims = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.SaveTokens = false;
            foreach (var scope in settings.Scopes)
            {
                o.Scope.Add(scope);
            }

            // The provider sends the browser back with a top-level GET, which Lax cookies accompany; Secure follows the request.
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Events.OnTokenValidated = context => AdmitAsync(context, settings);
            o.Events.OnRemoteFailure = context =>
            {
                var refused = context.Failure is RefusedException;
                context.Response.Redirect($"{ConsolePaths.SignIn}?external={(refused ? "refused" : "failed")}");
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });

    /// <summary>The role the claims give, or null.</summary>
    public static OperatorRole? RoleFrom(ClaimsPrincipal principal, OperatorOpenIdConnectOptions settings)
    {
        var values = principal.FindAll(settings.RoleClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return settings.AdminValues.Any(values.Contains) ? OperatorRole.Admin
            : settings.EditorValues.Any(values.Contains) ? OperatorRole.Editor
            : null;
    }

    private static async Task AdmitAsync(TokenValidatedContext context, OperatorOpenIdConnectOptions settings)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var accounts = services.GetRequiredService<IOperatorStore>();
        var audit = services.GetRequiredService<IAuditLog>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var principal = context.Principal ?? new ClaimsPrincipal();
        var name = (principal.FindFirst(settings.NameClaim) ?? principal.FindFirst("email") ?? principal.FindFirst("sub"))?.Value.Trim() ?? "";
        var issuer = principal.FindFirst("iss")?.Value ?? settings.Authority;
        var role = RoleFrom(principal, settings);
        var usableName = name.Length is > 0 and <= OperatorSignIn.NameMax && !name.Any(char.IsControl);
        var existing = usableName ? await accounts.FindAsync(name, http.RequestAborted) : null;

        var refusal = !usableName
            ? $"the '{settings.NameClaim}' claim is missing or unusable"
            : role is null ? $"no configured value in the '{settings.RoleClaim}' claim"
            : existing is { PasswordHash.Length: > 0 } ? "a local account with a password has this name"
            : (string?)null;
        if (refusal is not null)
        {
            await audit.AppendAsync(new AuditEntry(now, usableName ? name : "-",
                http.Connection.RemoteIpAddress?.ToString() ?? "-", "sign-in-refused", $"through OpenID Connect ({issuer}): {refusal}"),
                http.RequestAborted);
            context.Fail(new RefusedException(refusal));
            return;
        }

        var account = (existing ?? new OperatorAccount(name, role!.Value, "", OperatorSignIn.NewStamp(), 0, null, now)) with { Role = role!.Value };
        await accounts.SaveAsync(account, http.RequestAborted);
        await audit.AppendAsync(new AuditEntry(now, account.Name, http.Connection.RemoteIpAddress?.ToString() ?? "-", "sign-in",
            $"{account.Role.ToString().ToLowerInvariant()}, through OpenID Connect ({issuer})"), http.RequestAborted);
        context.Principal = ConsoleServiceCollectionExtensions.Principal(account);
    }

    /// <summary>The provider signed someone in whom this console gives no role.</summary>
    private sealed class RefusedException(string message) : Exception(message);
}
