using System.Security.Cryptography;

namespace Downwatch.Web.Pages;

/// <summary>
/// A file embedded in the binary (Pages/Assets) served with an ETag and an hour of caching, so the site needs no web
/// root. Loaded once, on first use.
/// </summary>
internal sealed class EmbeddedAsset
{
    private readonly Lazy<(byte[] Bytes, string ETag)> _content;

    public EmbeddedAsset(string name, string contentType)
    {
        ContentType = contentType;
        _content = new(() =>
        {
            using var stream = typeof(EmbeddedAsset).Assembly.GetManifestResourceStream($"assets/{name}")
                ?? throw new InvalidOperationException($"The embedded asset {name} is missing.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            return (bytes, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"");
        });
    }

    public string ContentType { get; }

    public IResult Serve(HttpContext context)
    {
        var (bytes, etag) = _content.Value;
        context.Response.Headers.CacheControl = "public, max-age=3600";
        context.Response.Headers.ETag = etag;
        return context.Request.Headers.IfNoneMatch == etag
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(bytes, ContentType);
    }
}
