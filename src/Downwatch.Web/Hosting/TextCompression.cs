using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace Downwatch.Web.Hosting;

/// <summary>
/// Brotli or gzip for every text answer (pages, styles, scripts, JSON, feeds, badges): a status page is opened on
/// phones on bad networks during outages. Fastest level — during a spike the CPU is the scarcer resource. Live
/// streams (text/event-stream) are left alone so every update goes out as it is written.
/// </summary>
internal static class TextCompression
{
    public static IServiceCollection AddTextCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(
            [
                "text/javascript", "image/svg+xml", "application/manifest+json", "application/rss+xml", "application/atom+xml",
                "application/problem+json",
            ]);
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }
}
