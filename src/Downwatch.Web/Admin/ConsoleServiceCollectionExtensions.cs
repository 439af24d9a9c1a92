using System.Security.Claims;
using Downwatch.Domain.Operators;
using Downwatch.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Downwatch.Web.Admin;

/// <summary>
/// The operator console's sign-in: a cookie for <c>/admin</c> only (HttpOnly, SameSite=Strict, Secure on HTTPS), eight
/// hours sliding. Each request re-reads the account: a changed stamp (sign out everywhere, a new password, a removed
/// account) or a changed role ends the session at once, on every node.
/// </summary>
internal static class ConsoleServiceCollectionExtensions
{
    public const string Scheme = "Downwatch.Operator";
    public const string EditorPolicy = "editor";
    public const string AdminPolicy = "admin";
    public const string StampClaim = "downwatch:stamp";

    /// <summary>The console's services; with <c>Console:OpenIdConnect:Authority</c> set, sign-in through that provider too
    /// (settings checked here: a wrong one stops start-up naming its key).</summary>
    public static IServiceCollection AddOperatorConsole(this IServiceCollection services, IConfiguration configuration)
    {
        var external = configuration.GetSection(OperatorOpenIdConnectOptions.Section).Get<OperatorOpenIdConnectOptions>() ?? new();
        if (external.Problems().ToList() is { Count: > 0 } problems)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(OperatorOpenIdConnectOptions.Section,
                typeof(OperatorOpenIdConnectOptions), problems);
        }

        services.AddSingleton(external);
        services.AddSingleton<IPasswordHasher<OperatorAccount>, PasswordHasher<OperatorAccount>>();
        services.AddSingleton<OperatorSecondFactor>();
        services.AddSingleton<OperatorSignIn>();
        // The console's forms carry a token (its pages are per operator anyway); the public site's are checked by origin.
        services.AddAntiforgery(o => o.Cookie.Path = ConsolePaths.Root);
        var authentication = services.AddAuthentication(Scheme);
        if (external.Enabled)
        {
            authentication.AddOperatorOpenIdConnect(external);
        }

        authentication.AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "dw_operator";
            o.Cookie.Path = ConsolePaths.Root;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.LoginPath = ConsolePaths.SignIn;
            o.ReturnUrlParameter = "returnUrl";
            o.Events.OnValidatePrincipal = ValidateAsync;
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return context.Response.WriteAsync("Only an admin may do this. Ask an admin of this site, or go back to /admin.");
            };
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(EditorPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(nameof(OperatorRole.Editor), nameof(OperatorRole.Admin)))
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(nameof(OperatorRole.Admin)));
        return services;
    }

    public static ClaimsPrincipal Principal(OperatorAccount account) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.Name, account.Name),
        new Claim(ClaimTypes.Role, account.Role.ToString()),
        new Claim(StampClaim, account.Stamp),
    ], Scheme));

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var name = context.Principal?.Identity?.Name;
        var account = name is null ? null
            : await context.HttpContext.RequestServices.GetRequiredService<IOperatorStore>().FindAsync(name, context.HttpContext.RequestAborted);
        if (account is null || context.Principal is not { } principal || account.Stamp != principal.FindFirstValue(StampClaim)
            || account.Role.ToString() != principal.FindFirstValue(ClaimTypes.Role))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }
}

/// <summary>Addresses of the console.</summary>
internal static class ConsolePaths
{
    public const string Root = "/admin";
    public const string SignIn = "/admin/sign-in";

    /// <summary>Where to go after signing in: only an address inside the console, never another site
    /// (<c>//evil.example</c>, <c>/\evil</c>, <c>https://…</c>).</summary>
    public static string SafeReturn(string? returnUrl) =>
        returnUrl is { Length: > 0 and <= 500 } url && url.StartsWith(Root, StringComparison.Ordinal)
        && (url.Length == Root.Length || url[Root.Length] is '/' or '?')
        && !url.Contains('\\', StringComparison.Ordinal) && !url.Contains("//", StringComparison.Ordinal)
        && url.All(c => c > ' ' && c < 127)
            ? url
            : Root;
}
