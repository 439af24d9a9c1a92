using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Downwatch.Status;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Downwatch.Web.Pages;

/// <summary>One rendered page held in memory, split where something of each visitor's own goes.</summary>
/// <param name="Parts">The page's UTF-8 bytes; between parts i and i+1 goes the value of slot <c>Slots[i]</c>.</param>
/// <param name="Slots">Names of the slots (<see cref="PageCache.TokenSlot"/>, <see cref="PageCache.ChallengeSlot"/>).</param>
/// <param name="Service">The service whose report statistics the page shows, or null.</param>
/// <param name="Reports">The report statistics the page was rendered from (compared by reference).</param>
public sealed record RenderedPage(byte[][] Parts, string[] Slots, int StatusCode, long BoardVersion, string? Service, object? Reports, string ETag)
{
    public bool HasForm => Parts.Length > 1;
}

/// <summary>What to render for a page: a component and its model.</summary>
public sealed record PageRender(Type Component, object Model, int StatusCode = StatusCodes.Status200OK);

/// <summary>
/// Pages rendered once and served from memory until the statuses (or, for a service's pages, its report
/// statistics) change — so a spike of visitors during an outage costs a memory copy per view, not a render and
/// database reads. Concurrent requests for a page that needs rendering share one render. A page with the report
/// form is stored with a slot where each visitor's own antiforgery token is written as it is served.
/// </summary>
public sealed class PageCache
{
    /// <summary>Stands in for the visitor's antiforgery request token in a cached page. Random per process, so no
    /// text a visitor or a vendor feed puts on a page can be taken for it.</summary>
    public static readonly string TokenSlot = "dw-token-" + Guid.NewGuid().ToString("N");

    /// <summary>Stands in for a fresh proof-of-work challenge (each counts once) in a cached page.</summary>
    public static readonly string ChallengeSlot = "dw-challenge-" + Guid.NewGuid().ToString("N");

    private static readonly (string Name, byte[] Bytes)[] SlotMarks =
        [(TokenSlot, Encoding.UTF8.GetBytes(TokenSlot)), (ChallengeSlot, Encoding.UTF8.GetBytes(ChallengeSlot))];

    /// <summary>Beyond this many distinct cached addresses (say, a crawl through filter combinations), stale ones are dropped.</summary>
    public const int MaxPages = 8_192;

    private readonly ConcurrentDictionary<string, Entry> _pages = new(StringComparer.Ordinal);
    private readonly StatusBoard _board;
    private readonly ReportPanelCache _reports;
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory _logs;

    public PageCache(StatusBoard board, ReportPanelCache reports, IServiceProvider services, ILoggerFactory logs)
    {
        _board = board;
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

        page = await rendering;
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

            page = await rendering;
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

    /// <summary>Writes the page, with this visitor's own values (see <paramref name="fill"/>) in its slots.</summary>
    /// <param name="fill">The value of a slot for this request; a page with slots is never kept by browsers or proxies.</param>
    public static async Task WriteAsync(HttpContext context, RenderedPage page, Func<string, string> fill)
    {
        var response = context.Response;
        response.ContentType = "text/html; charset=utf-8";
        if (page.HasForm)
        {
            var values = page.Slots.Select(s => Encoding.UTF8.GetBytes(fill(s))).ToArray();
            response.Headers.CacheControl = "no-cache, no-store";
            response.StatusCode = page.StatusCode;
            response.ContentLength = page.Parts.Sum(p => (long)p.Length) + values.Sum(v => (long)v.Length);
            for (var i = 0; i < page.Parts.Length; i++)
            {
                if (i > 0)
                {
                    response.BodyWriter.Write<byte>(values[i - 1]);
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

    private bool IsCurrent(RenderedPage page) =>
        page.BoardVersion == _board.Version && (page.Service is null || ReferenceEquals(page.Reports, _reports.Current(page.Service)));

    private async Task<RenderedPage?> RenderAsync(Entry entry, string? service, Func<Task<PageRender?>> render)
    {
        // Read the versions first: a change during the render then shows as out of date, never as current.
        var version = _board.Version;
        var reports = service is null ? null : _reports.Current(service);
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
        var (parts, slots) = Split(bytes);
        var page = new RenderedPage(parts, slots, what.StatusCode, version, service, reports,
            $"W/\"{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8))}\"");
        entry.Page = page;
        return page;
    }

    private static (byte[][] Parts, string[] Slots) Split(byte[] html)
    {
        var parts = new List<byte[]>();
        var slots = new List<string>();
        var rest = html.AsSpan();
        while (true)
        {
            var (at, mark) = (-1, SlotMarks[0]);
            foreach (var candidate in SlotMarks)
            {
                var found = rest.IndexOf(candidate.Bytes);
                if (found >= 0 && (at < 0 || found < at))
                {
                    (at, mark) = (found, candidate);
                }
            }

            if (at < 0)
            {
                break;
            }

            parts.Add(rest[..at].ToArray());
            slots.Add(mark.Name);
            rest = rest[(at + mark.Bytes.Length)..];
        }

        parts.Add(rest.ToArray());
        return ([.. parts], [.. slots]);
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
