using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Downwatch.Probing.Tests;

/// <summary>A real Kestrel server on 127.0.0.1 that answers well, badly and hostilely, over http and https.</summary>
public sealed class MisbehavingUpstream : IAsyncDisposable
{
    public const string InvalidKeyBody =
        """{"error":{"message":"Incorrect API key provided: sk-xxx. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""";

    private static readonly byte[] Bomb = GzipOfZeros(32 * 1024 * 1024);
    private readonly WebApplication _app;

    private MisbehavingUpstream(WebApplication app, int httpPort, int httpsPort)
    {
        _app = app;
        HttpPort = httpPort;
        HttpsPort = httpsPort;
    }

    public int HttpPort { get; }
    public int HttpsPort { get; }
    public string Http => $"http://127.0.0.1:{HttpPort}";

    public static async Task<MisbehavingUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var certificate = SelfSigned();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Listen(IPAddress.Loopback, 0, o => o.UseHttps(certificate));
        });
        var app = builder.Build();
        app.MapGet("/models", () => Results.Content(InvalidKeyBody, "application/json", statusCode: 401));
        app.MapPost("/models", () => Results.Content(InvalidKeyBody, "application/json", statusCode: 401));
        app.MapGet("/ok", () => Results.Text("<html><body>SenseChat</body></html>", "text/html"));
        app.MapGet("/json", () => Results.Content("""{"error":{"type":"authentication_error"}}""", "application/json", statusCode: 401));
        app.MapGet("/unavailable", () => Results.Content("""{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""", "application/json", statusCode: 529));
        app.MapGet("/missing", () => Results.NotFound());
        app.MapGet("/loop", () => Results.Redirect("/loop"));
        app.MapGet("/chain/{n:int}", (int n) => n == 0 ? Results.Text("end") : Results.Redirect($"/chain/{n - 1}"));
        app.MapGet("/slow-headers", async (CancellationToken ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(60), ct);
            return Results.Ok();
        });
        app.MapGet("/drip", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain";
            await context.Response.StartAsync();
            for (var i = 0; i < 120 && !context.RequestAborted.IsCancellationRequested; i++)
            {
                await context.Response.Body.WriteAsync("x"u8.ToArray());
                await context.Response.Body.FlushAsync();
                await Task.Delay(500, context.RequestAborted);
            }
        });
        app.MapGet("/huge", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/octet-stream";
            var chunk = new byte[64 * 1024];
            for (var i = 0; i < 800 && !context.RequestAborted.IsCancellationRequested; i++)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        });
        app.MapGet("/bomb", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain";
            context.Response.Headers.ContentEncoding = "gzip";
            await context.Response.Body.WriteAsync(Bomb, context.RequestAborted);
        });
        app.MapGet("/bad-gzip", async (HttpContext context) =>
        {
            context.Response.Headers.ContentEncoding = "gzip";
            await context.Response.Body.WriteAsync("this is not gzip at all, just text"u8.ToArray());
        });
        await app.StartAsync();
        var ports = app.Urls.Select(u => new Uri(u).Port).ToArray();
        return new MisbehavingUpstream(app, ports[0], ports[1]);
    }

    private static byte[] GzipOfZeros(int size)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            gzip.Write(new byte[size]);
        }

        return output.ToArray();
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=downwatch-test-upstream", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("probe.test");
        request.CertificateExtensions.Add(san.Build());
        using var created = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(30));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
