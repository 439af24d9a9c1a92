using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Downwatch.Web.Status;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Downwatch.Web.Pages;

/// <summary>One rendered page held in memory, split where each visitor's own form token goes.</summary>
/// <param name="Parts">The page's UTF-8 bytes; between two parts goes the visitor's antiforgery request token.</param>
/// <param name="Service">The service whose report statistics the page shows, or null.</param>
/// <param name="Reports">The report statistics the page was rendered from (compared by reference).</param>
public sealed record RenderedPage(byte[][] Parts, int StatusCode, long BoardVersion, string? Service, object? Reports, string ETag)
{
    public bool HasForm => Parts.Length > 1;
}

/// <summary>What to render for a page: a component, its model, and the service whose reports it shows.</summary>
public sealed record PageRender(Type Component, object Model, string? Service, int StatusCode = StatusCodes.Status200OK);

/// <summary>
/// Pages rendered once and served from memory until the statuses (or, for a service's pages, its report
/// statistics) change — so a spike of visitors during an outage costs a memory copy per view, not a render and
/// database reads. Concurrent requests for a page that needs rendering share one render. A page with the report
/// form is stored with a slot where each visitor's own antiforgery token is written as it is served.
/// </summary>
public sealed class PageCache : IAsyncDisposable
{
    /// <summary>Stands in for the visitor's antiforgery request token in a cached page.</summary>
    public const string TokenSlot = "dw-visitor-form-token";

    /// <summary>Beyond this many distinct cached addresses (say, a crawl through filter combinations), stale ones are dropped.</summary>
    public const int MaxPages = 8_192;

    private static readonly byte[] Slot = Encoding.UTF8.GetBytes(TokenSlot);
    private readonly ConcurrentDictionary<string, Entry> _pages = new(StringComparer.Ordinal);
    private readonly StatusBoard _board;
    private readonly ReportPanelCache _reports;
    private readonly HtmlRenderer _renderer;

    public PageCache(StatusBoard board, ReportPanelCache reports, IServiceProvider services, ILoggerFactory logs)
    {
        _board = board;
        _reports = reports;
        _renderer = new HtmlRenderer(services, logs);
    }

    /// <summary>Renders counted since start (a page served from memory does not count).</summary>
    public long Renders => Interlocked.Read(ref _renders);

    private long _renders;

    /// <summary>The page at <paramref name="key"/>, rendered by <paramref name="render"/> when missing or out of date.
    /// <paramref name="render"/> must not depend on the request beyond what the key holds.</summary>
    public async Task<RenderedPage?> GetAsync(string key, Func<Task<PageRender?>> render)
    {
        var entry = _pages.GetOrAdd(key, _ => new Entry());
        var page = entry.Page;
        if (page is not null && IsCurrent(page))
        {
            return page;
        }

        Task<RenderedPage?> rendering;
        lock (entry)
        {
            if (entry.Rendering is null || (entry.Rendering.IsCompleted && entry.Page is { } done && !IsCurrent(done)))
            {
                entry.Rendering = RenderAsync(entry, render);
            }

            rendering = entry.Rendering;
        }

        page = await rendering;
        if (page is null || !IsCurrent(page))
        {
            // Nothing to show, or the statuses moved during the render: give this request a fresh one of its own.
            lock (entry)
            {
                entry.Rendering = null;
            }

            page = await RenderAsync(entry, render);
        }

        if (_pages.Count > MaxPages)
        {
            Sweep();
        }

        return page;
    }

    /// <summary>Writes the page, with this visitor's form token where the page has a form.</summary>
    public static async Task WriteAsync(HttpContext context, RenderedPage page, IAntiforgery antiforgery)
    {
        var response = context.Response;
        response.ContentType = "text/html; charset=utf-8";
        if (page.HasForm)
        {
            // Sets "no-cache, no-store": a page carrying a visitor's token must not be kept by browsers or proxies.
            var token = Encoding.UTF8.GetBytes(antiforgery.GetAndStoreTokens(context).RequestToken ?? "");
            response.StatusCode = page.StatusCode;
            response.ContentLength = page.Parts.Sum(p => (long)p.Length) + ((long)token.Length * (page.Parts.Length - 1));
            for (var i = 0; i < page.Parts.Length; i++)
            {
                if (i > 0)
                {
                    response.BodyWriter.Write<byte>(token);
                }

                response.BodyWriter.Write<byte>(page.Parts[i]);
            }
        }
        else
        {
            response.Headers.ETag = page.ETag;
            response.Headers.CacheControl = "public, no-cache";
            if (context.Request.Headers.IfNoneMatch == page.ETag)
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            response.StatusCode = page.StatusCode;
            response.ContentLength = page.Parts[0].Length;
            response.BodyWriter.Write<byte>(page.Parts[0]);
        }

        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    public ValueTask DisposeAsync() => _renderer.DisposeAsync();

    private bool IsCurrent(RenderedPage page) =>
        page.BoardVersion == _board.Version && (page.Service is null || ReferenceEquals(page.Reports, _reports.Current(page.Service)));

    private async Task<RenderedPage?> RenderAsync(Entry entry, Func<Task<PageRender?>> render)
    {
        // Read the versions first: a change during the render then shows as out of date, never as current.
        var version = _board.Version;
        var what = await render();
        if (what is null)
        {
            return null;
        }

        var reports = what.Service is null ? null : _reports.Current(what.Service);
        var html = await _renderer.Dispatcher.InvokeAsync(async () =>
            (await _renderer.RenderComponentAsync(what.Component,
                ParameterView.FromDictionary(new Dictionary<string, object?> { ["Model"] = what.Model }))).ToHtmlString());
        Interlocked.Increment(ref _renders);
        var bytes = Encoding.UTF8.GetBytes(html);
        var page = new RenderedPage(Split(bytes), what.StatusCode, version, what.Service, reports,
            $"W/\"{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8))}\"");
        entry.Page = page;
        return page;
    }

    private static byte[][] Split(byte[] html)
    {
        var parts = new List<byte[]>();
        var rest = html.AsSpan();
        int at;
        while ((at = rest.IndexOf(Slot)) >= 0)
        {
            parts.Add(rest[..at].ToArray());
            rest = rest[(at + Slot.Length)..];
        }

        parts.Add(rest.ToArray());
        return [.. parts];
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
    }
}
