using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Downwatch.Web.Tests;

/// <summary>A one-service catalog whose probes point at servers on 127.0.0.1, and such a server.</summary>
public static class AcmeCatalog
{
    public static void Write(string directory, string apiBase, string webBase)
    {
        File.WriteAllText(Path.Combine(directory, "services.yaml"), $"""
            services:
              - slug: acme
                name: Acme AI
                company: Acme
                category: llm-api
                region: United States
                homepage: https://acme.example
                components:
                  - slug: api
                    name: API
                    kind: api
                    probes:
                      - url: {apiBase}/v1/models
                        expect: [401]
                        expect_error: authentication-failed
                  - slug: web
                    name: Web app
                    kind: web
                    probes:
                      - url: {webBase}/
                        expect: [200]
                        body_contains: [Acme Chat]
            """);
        File.WriteAllText(Path.Combine(directory, "errors.yaml"), """
            errors:
              - slug: authentication-failed
                title: Authentication Failed / Invalid API Key
                summary: The key was rejected.
                side: user
                http_statuses: [401]
                description: The service did not accept your credentials.
                signatures:
                  - { text: invalid_api_key, kind: code }
                causes: [A wrong key]
                fixes: [Use the right key]
                prevention: [Keep keys in a secret store]
                faq:
                  - { q: Why?, a: Because. }
            """);
    }


    /// <summary>A server that answers like Acme AI: 401 invalid_api_key for the API, a page for the web app.</summary>
    public static async Task<WebApplication> StartUpstreamAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var upstream = builder.Build();
        upstream.MapGet("/v1/models", () => Results.Content("""{"error":{"code":"invalid_api_key","message":"Incorrect API key provided"}}""", "application/json", statusCode: 401));
        upstream.MapGet("/", () => Results.Text("<html>Acme Chat</html>", "text/html"));
        await upstream.StartAsync();
        return upstream;
    }
}
