using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;

namespace Downwatch.Web.Tests;

/// <summary>What monitors, link checkers, browsers and people typing addresses ask of the site besides pages.</summary>
public class SitePlumbingTests
{
    public static TheoryData<string> Addresses() =>
    [
        "/", "/status/openai", "/is-openai-down", "/status/openai/errors/timeout", "/errors", "/methodology", "/locations",
        "/site.css", "/live.js", "/favicon.svg", "/sitemap.xml", "/robots.txt", "/incidents.rss", "/badge/openai.svg",
        "/api/v1/services", "/status/no-such-service", "/no/such/page",
    ];

    [Theory]
    [MemberData(nameof(Addresses))]
    public async Task HEAD_answers_what_GET_answers_without_the_body(string path)
    {
        await using var site = await TestSite.StartAsync();
        using var get = await site.Client.GetAsync(path);
        using var head = await site.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.NotEmpty(await get.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task HEAD_on_the_live_stream_answers_its_headers_and_ends()
    {
        await using var site = await TestSite.StartAsync();
        using var head = await site.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/events"))
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("text/event-stream", head.Content.Headers.ContentType?.MediaType);
        // The connection is free again: the next request on it is answered.
        using var next = await site.Client.GetAsync("/healthz").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Theory]
    [InlineData("br", "/")]
    [InlineData("gzip", "/status/baidu-ernie")]
    [InlineData("br", "/site.css")]
    [InlineData("gzip", "/live.js")]
    [InlineData("br", "/api/v1/services")]
    public async Task Text_is_compressed_for_clients_that_accept_it_and_reads_back_the_same(string encoding, string path)
    {
        await using var site = await TestSite.StartAsync();
        using var plain = await site.Client.GetAsync(path);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        var expected = await plain.Content.ReadAsByteArrayAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        using var packed = await site.Client.SendAsync(request);
        Assert.Equal([encoding], packed.Content.Headers.ContentEncoding);
        var bytes = await packed.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length < expected.Length * 3 / 4, $"{path}: {bytes.Length} B compressed of {expected.Length} B");
        await using Stream unpack = encoding == "br"
            ? new BrotliStream(new MemoryStream(bytes), CompressionMode.Decompress)
            : new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var copy = new MemoryStream();
        await unpack.CopyToAsync(copy);
        // Pages carry the time they were generated and each visitor's token: compare the shape, not the bytes.
        Assert.InRange(copy.Length, expected.Length - 200, expected.Length + 200);
    }

    [Theory]
    [InlineData("/status/Baidu-Ernie", "/status/baidu-ernie")]
    [InlineData("/STATUS/OPENAI/errors/Timeout", "/status/openai/errors/timeout")]
    [InlineData("/Is-DeepSeek-Down", "/is-deepseek-down")]
    [InlineData("/Errors/Timeout", "/errors/timeout")]
    [InlineData("/status/OpenAI?reported=thanks", "/status/openai?reported=thanks")]
    [InlineData("/status/ernie", "/status/baidu-ernie")]
    [InlineData("/status/SenseChat", "/status/sensetime-sensechat")]
    [InlineData("/is-qianfan-down", "/is-baidu-ernie-down")]
    [InlineData("/zh-CN/is-%E6%96%87%E5%BF%83-down", "/zh-CN/is-baidu-ernie-down")]
    [InlineData("/status/ernie/errors/timeout", "/status/baidu-ernie/errors/timeout")]
    public async Task An_address_in_other_letter_case_or_with_another_name_of_the_service_redirects_permanently_to_the_page(string path, string canonical)
    {
        await using var site = await TestSite.StartAsync();
        using var response = await site.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(canonical, response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/status/qianfn", "/status/baidu-ernie")]
    [InlineData("/status/deepsek", "/status/deepseek")]
    [InlineData("/status/anthropic-claude", "/status/anthropic")]
    [InlineData("/errors/rate-limit", "/errors/rate-limit-exceeded")]
    public async Task A_page_not_found_offers_what_the_visitor_most_likely_meant(string path, string meant)
    {
        await using var site = await TestSite.StartAsync();
        var page = await site.PageAsync(path, 404);
        var offered = page.QuerySelectorAll("ul.suggestions a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains(meant, offered);
        Assert.True(offered.Count <= 5);
    }

    [Fact]
    public async Task The_site_has_an_icon_and_a_manifest_that_pages_link_to()
    {
        await using var site = await TestSite.StartAsync();
        using var ico = await site.Client.GetAsync("/favicon.ico");
        Assert.Equal(HttpStatusCode.MovedPermanently, ico.StatusCode);
        Assert.Equal("/favicon.svg", ico.Headers.Location!.OriginalString);
        using var svg = await site.Client.GetAsync("/favicon.svg");
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("<svg", await svg.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var manifest = await site.Client.GetAsync("/site.webmanifest");
        Assert.Equal("application/manifest+json", manifest.Content.Headers.ContentType!.MediaType);
        Assert.Contains("\"start_url\": \"/\"", await manifest.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The pages' policy lets the browser load the manifest it links (default-src 'none' alone would block it).
        using var home = await site.Client.GetAsync("/");
        Assert.Contains("manifest-src 'self'", home.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var page = await site.PageAsync("/");
        Assert.Equal("/favicon.svg", page.QuerySelector("link[rel=icon]")!.GetAttribute("href"));
        Assert.Equal("/site.webmanifest", page.QuerySelector("link[rel=manifest]")!.GetAttribute("href"));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("https://status.example.com", false)]
    public async Task Serving_with_the_default_public_address_warns_the_operator(string? baseUrl, bool warned)
    {
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var site = await TestSite.StartWithAsync(null,
            s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(new KeepingLoggerProvider(lines)),
            baseUrl is null ? [] : [$"--Site:BaseUrl={baseUrl}"]);
        Assert.Equal(warned, lines.Any(l => l.StartsWith("Site:BaseUrl is still http://127.0.0.1:5080", StringComparison.Ordinal)));
    }
}
