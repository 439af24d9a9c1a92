using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Downwatch.Status;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Downwatch.Web.Pages;

/// <summary>One rendered page held in memory: the same bytes for every visitor, compressed once per render.</summary>
/// <param name="Service">The service whose report statistics the page shows, or null.</param>
/// <param name="Reports">The report statistics the page was rendered from (compared by reference).</param>
/// <param name="Stale">Whether it was rendered with the notice that the statuses are old (<see cref="BoardAge"/>).</param>
internal sealed record RenderedPage(byte[] Body, int StatusCode, long BoardVersion, string? Service, object? Reports, bool Stale, string ETag)
{
    private readonly Lazy<byte[]> _brotli = new(() => Compressed(Body, s => new BrotliStream(s, CompressionLevel.Optimal)));
    private readonly Lazy<byte[]> _gzip = new(() => Compressed(Body, s => new GZipStream(s, CompressionLevel.Optimal)));

    public byte[] Brotli => _brotli.Value;

    public byte[] Gzip => _gzip.Value;

    private static byte[] Compressed(byte[] body, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var stream = compressor(output))
        {
            stream.Write(body);
        }

        return output.ToArray();
    }
}

/// <summary>What to render for a page: a component and its model.</summary>
internal sealed record PageRender(Type Component, object Model, int StatusCode = StatusCodes.Status200OK);

/// <summary>
/// Pages rendered once and served from memory until the statuses (or, for a service's pages, its report
/// statistics) change — so a spike of visitors during an outage costs a memory copy per view, not a render and
/// database reads. Concurrent requests for a page that needs rendering share one render. Nothing on a page is any one
/// visitor's own (forms are checked by origin, the proof-of-work challenge is fetched by the page's script), so each
/// page is served with one ETag and may be kept by any proxy or CDN. While the database fails, a page that cannot be
/// rendered anew is served as it was last rendered, rather than not at all.
/// </summary>
internal sealed class PageCache
{
    /// <summary>Beyond this many distinct cached addresses (say, a crawl through filter combinations), stale ones are dropped.</summary>
    public const int MaxPages = 8_192;

    /// <summary>After a render failed on the database, the last page is served this long before a render is tried again.</summary>
    private const long RetryAfterStorageFaultMs = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _pages = new(StringComparer.Ordinal);
    private readonly StatusBoard _board;
    private readonly ReportPanelCache _reports;
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory _logs;

    private readonly BoardAge _age;
    private readonly string _siteName;

    public PageCache(StatusBoard board, BoardAge age, ReportPanelCache reports, IServiceProvider services, ILoggerFactory logs,
        Microsoft.Extensions.Options.IOptions<Domain.Site.SiteOptions> site)
    {
        _board = board;
        _age = age;
        _siteName = site.Value.Name;
        _reports = reports;
        _services = services;
        _logs = logs;
    }

    /// <summary>Renders counted since start (a page served from memory does not count).</summary>
    public long Renders => Interlocked.Read(ref _renders);

    private long _renders;

    /// <summary>The page at <paramref name="key"/>, rendered by <paramref name="render"/> when missing or out of date.
    /// <paramref name="render"/> must not depend on the request beyond what the key holds.</summary>
    /// <param name="service">The service whose report statistics the page shows, or null.</param>
    public async Task<RenderedPage?> GetAsync(string key, string? service, Func<Task<PageRender?>> render)
    {
        var entry = _pages.GetOrAdd(key, _ => new Entry());
        var page = entry.Page;
        if (page is not null && IsCurrent(page))
        {
            return page;
        }

        if (page is not null && entry.FailedOnStorageWithin(RetryAfterStorageFaultMs))
        {
            return MarkedIfStale(entry, page);
        }

        Task<RenderedPage?> rendering;
        lock (entry)
        {
            // A new render when none ran, when the last one failed (a busy database must not break a page for good),
            // or when what it made is out of date.
            if (entry.Rendering is null || entry.Rendering.IsFaulted || entry.Rendering.IsCanceled
                || (entry.Rendering.IsCompleted && entry.Page is { } done && !IsCurrent(done)))
            {
                entry.Rendering = RenderAsync(entry, service, render);
            }

            rendering = entry.Rendering;
        }

        (page, var last) = await AwaitAsync(entry, rendering);
        if (last)
        {
            return page;
        }

        if (page is null)
        {
            _pages.TryRemove(key, out _); // nothing at this address: keep no entry for it
            return null;
        }

        if (!IsCurrent(page))
        {
            // The statuses moved during the render: join (or start) the one shared render of the new round.
            lock (entry)
            {
                if (ReferenceEquals(entry.Rendering, rendering))
                {
                    entry.Rendering = RenderAsync(entry, service, render);
                }

                rendering = entry.Rendering;
            }

            (page, _) = await AwaitAsync(entry, rendering);
        }

        if (_pages.Count > MaxPages)
        {
            Sweep();
            if (_pages.Count > MaxPages)
            {
                _pages.Clear(); // all current: drop them rather than scan them on every request
            }
        }

        return page;
    }

    /// <summary>Writes the page: 304 when the client holds it, else its Brotli or gzip bytes (made once per render) when
    /// the client takes them, else the plain bytes.</summary>
    public static async Task WriteAsync(HttpContext context, RenderedPage page)
    {
        var response = context.Response;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ETag = page.ETag;
        response.Headers.CacheControl = "public, no-cache";
        response.Headers.Vary = "Accept-Encoding";
        if (context.Request.Headers.IfNoneMatch == page.ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var accepted = context.Request.Headers.AcceptEncoding.ToString();
        var (body, encoding) = HttpMethods.IsHead(context.Request.Method) ? (page.Body, null)
            : Accepts(accepted, "br") ? (page.Brotli, "br")
            : Accepts(accepted, "gzip") ? (page.Gzip, "gzip")
            : (page.Body, (string?)null);
        if (encoding is not null)
        {
            response.Headers.ContentEncoding = encoding;
        }

        response.StatusCode = page.StatusCode;
        response.ContentLength = body.Length;
        response.BodyWriter.Write<byte>(body);
        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private static bool Accepts(string acceptEncoding, string coding) =>
        acceptEncoding.Split(',').Select(p => p.Split(';')).Any(p => p[0].Trim().Equals(coding, StringComparison.OrdinalIgnoreCase)
            && !(p.Length > 1 && p[1].Replace(" ", "", StringComparison.Ordinal).Equals("q=0", StringComparison.OrdinalIgnoreCase)));

    /// <summary>The render's page; when the render failed on the database, the last page rendered rather than none, and
    /// for a while no new render (an unreachable database server costs a connect timeout per try).</summary>
    private async Task<(RenderedPage? Page, bool Last)> AwaitAsync(Entry entry, Task<RenderedPage?> rendering)
    {
        try
        {
            return (await rendering, false);
        }
        catch (Exception e) when (Hosting.StorageFaultAnswers.IsStorageFault(e) && entry.Page is { } last)
        {
            Interlocked.Exchange(ref entry.StorageFailedAt, Environment.TickCount64);
            return (MarkedIfStale(entry, last), true);
        }
    }

    /// <summary>A page served as last rendered, with the notice that the statuses are old once they are (kept so while
    /// nothing changes).</summary>
    private RenderedPage MarkedIfStale(Entry entry, RenderedPage last)
    {
        if (last.Stale || _age.StaleSince is not { } since || StaleNotice.Into(last.Body, since, _siteName) is not { } marked)
        {
            return last;
        }

        // A new record, not a `with` copy: a copy would keep the compressed forms of the old bytes.
        var page = new RenderedPage(marked, last.StatusCode, last.BoardVersion, last.Service, last.Reports, true, ETagOf(marked));
        entry.Page = page;
        return page;
    }

    private static string ETagOf(byte[] body) => $"W/\"{Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 8))}\"";

    private bool IsCurrent(RenderedPage page) =>
        page.BoardVersion == _board.Version && page.Stale == _age.StaleSince.HasValue && (page.Service is null || ReferenceEquals(page.Reports, _reports.Current(page.Service)));

    private async Task<RenderedPage?> RenderAsync(Entry entry, string? service, Func<Task<PageRender?>> render)
    {
        // Read the versions first: a change during the render then shows as out of date, never as current.
        var version = _board.Version;
        var reports = service is null ? null : _reports.Current(service);
        var stale = _age.StaleSince.HasValue;
        var what = await render();
        if (what is null)
        {
            return null;
        }

        // A renderer per render: a renderer keeps every root component it rendered until it is disposed.
        await using var renderer = new HtmlRenderer(_services, _logs);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync(what.Component,
                ParameterView.FromDictionary(new Dictionary<string, object?> { ["Model"] = what.Model }))).ToHtmlString());
        Interlocked.Increment(ref _renders);
        var bytes = Encoding.UTF8.GetBytes(html);
        var page = new RenderedPage(bytes, what.StatusCode, version, service, reports, stale, ETagOf(bytes));
        entry.Page = page;
        return page;
    }

    private void Sweep()
    {
        foreach (var (key, entry) in _pages)
        {
            if (entry.Page is not { } page || !IsCurrent(page))
            {
                _pages.TryRemove(key, out _);
            }
        }
    }

    private sealed class Entry
    {
        public volatile RenderedPage? Page;
        public Task<RenderedPage?>? Rendering;

        /// <summary>When (<see cref="Environment.TickCount64"/>) a render last failed on the database, or 0.</summary>
        public long StorageFailedAt;

        public bool FailedOnStorageWithin(long milliseconds) =>
            Interlocked.Read(ref StorageFailedAt) is var at && at != 0 && Environment.TickCount64 - at < milliseconds;
    }
}
