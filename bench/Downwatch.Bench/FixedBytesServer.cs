using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Downwatch.Bench;

/// <summary>
/// The baseline for the HTTP benchmark: a bare Kestrel answering every request with the same bytes (a copy of the
/// page or document being measured), with nothing of Downwatch in the path.
/// </summary>
public static class FixedBytesServer
{
    public static async Task<int> RunAsync(string url, string file, string contentType)
    {
        var bytes = await File.ReadAllBytesAsync(file);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        app.Run(context =>
        {
            context.Response.ContentType = contentType;
            context.Response.ContentLength = bytes.Length;
            return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
        });
        await app.RunAsync();
        return 0;
    }
}
