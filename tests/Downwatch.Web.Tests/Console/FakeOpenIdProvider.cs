using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Downwatch.Web.Tests.Console;

/// <summary>
/// An OpenID Connect provider on 127.0.0.1 with just enough of the protocol for a sign-in: discovery, keys, an
/// authorize endpoint that signs in <see cref="NextPerson"/> at once (no login form), and a token endpoint that checks
/// the client secret and PKCE and issues an RS256-signed ID token.
/// </summary>
public sealed class FakeOpenIdProvider : IAsyncDisposable
{
    public const string ClientId = "downwatch-console";
    public const string ClientSecret = "client-secret-for-tests";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key-1" };
    private readonly ConcurrentDictionary<string, (string Nonce, string Challenge, Dictionary<string, object> Claims)> _codes = new();

    private FakeOpenIdProvider(WebApplication app) => _app = app;

    public string Authority { get; private set; } = "";

    /// <summary>The claims of whoever signs in next (besides iss, aud, nonce and the times).</summary>
    public Dictionary<string, object> NextPerson { get; set; } = [];

    public int TokensIssued { get; private set; }

    public static async Task<FakeOpenIdProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new FakeOpenIdProvider(app);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = provider.Authority,
            ["authorization_endpoint"] = $"{provider.Authority}/authorize",
            ["token_endpoint"] = $"{provider.Authority}/token",
            ["jwks_uri"] = $"{provider.Authority}/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));
        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(provider._key.Rsa.ExportParameters(false)) { KeyId = provider._key.KeyId });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, use = "sig", kid = jwk.Kid, alg = "RS256", n = jwk.N, e = jwk.E } } });
        });
        app.MapGet("/authorize", provider.Authorize);
        app.MapPost("/token", provider.TokenAsync);
        await app.StartAsync();
        provider.Authority = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        return provider;
    }

    /// <summary>The settings that point the console at this provider.</summary>
    public string[] Settings(params string[] more) =>
    [
        $"--Console:OpenIdConnect:Authority={Authority}", $"--Console:OpenIdConnect:ClientId={ClientId}",
        $"--Console:OpenIdConnect:ClientSecret={ClientSecret}", "--Console:OpenIdConnect:RequireHttpsMetadata=false",
        "--Console:OpenIdConnect:DisplayName=Example SSO", "--Console:OpenIdConnect:AdminValues:0=downwatch-admins",
        "--Console:OpenIdConnect:EditorValues:0=downwatch-editors", .. more,
    ];

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        if (query["client_id"] != ClientId || query["response_type"] != "code" || query["code_challenge_method"] != "S256")
        {
            return Results.BadRequest("unexpected authorization request");
        }

        var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _codes[code] = (query["nonce"].ToString(), query["code_challenge"].ToString(), new Dictionary<string, object>(NextPerson));
        return Results.Redirect($"{query["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(query["state"].ToString())}");
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret || !_codes.TryRemove(form["code"].ToString(), out var granted))
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: StatusCodes.Status400BadRequest);
        }

        var verifier = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
        if (verifier != granted.Challenge)
        {
            return Results.Json(new { error = "invalid_grant", error_description = "PKCE" }, statusCode: StatusCodes.Status400BadRequest);
        }

        var claims = new Dictionary<string, object>(granted.Claims) { ["nonce"] = granted.Nonce };
        var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = ClientId,
            Claims = claims,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
        TokensIssued++;
        return Results.Json(new { access_token = "opaque", token_type = "Bearer", expires_in = 300, id_token = idToken });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
