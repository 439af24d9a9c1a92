using System.Net;
using Xunit.Abstractions;
using System.Text;
using Downwatch.Storage;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Downwatch.Web.Tests.Hardening;

/// <summary>
/// Random and mutated requests — bodies, content types, headers, query strings, methods — to every route of the running
/// host on 127.0.0.1. None may be answered 500 (or any 5xx but a 503 that says why), and the host must still answer after.
/// </summary>
public class RequestFuzzTests(ITestOutputHelper output)
{
    private const int Requests = 10_000;
    private const int Parallel = 8;
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Ten_thousand_random_and_mutated_requests_get_no_500_and_the_host_keeps_answering()
    {
        var seed = Environment.GetEnvironmentVariable("DOWNWATCH_FUZZ_SEED") is { } given ? int.Parse(given, System.Globalization.CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"seed {seed} (set DOWNWATCH_FUZZ_SEED to repeat)");
        await using var site = await TestSite.StartAsync();
        await site.PageAsync("/status/openai"); // as a browser would have opened it
        var routes = RoutesOf(site);
        var credentials = new Credentials(await site.Services.GetRequiredService<IApiKeyStore>().IssueAsync("fuzz", site.Time.GetUtcNow()),
            await site.Services.GetRequiredService<IAgentTokenStore>().IssueAsync("fuzz-location", site.Time.GetUtcNow()));

        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var sent = 0;
        var resets = 0;
        var lastReset = "";
        using var bound = new CancellationTokenSource(Bound);
        await System.Threading.Tasks.Parallel.ForAsync(0, Parallel, async (worker, ct) =>
        {
            var random = new Random(seed + worker);
            var mutations = new RequestMutations(random, routes, credentials);
            while (Interlocked.Increment(ref sent) <= Requests && !bound.IsCancellationRequested)
            {
                using var request = mutations.Next();
                var what = $"{request.Method} {request.RequestUri} ({request.Content?.Headers.ContentType})";
                try
                {
                    using var answer = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    using var response = await site.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, answer.Token);
                    var status = (int)response.StatusCode;
                    if (status >= 500 && status != 503)
                    {
                        var body = await ReadSome(response);
                        failures.Enqueue($"{what} answered {status}: {body}");
                    }
                }
                catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.Unknown
                    && !bound.IsCancellationRequested)
                {
                    // Kestrel refuses some requests itself (a NUL in the path, a body over the limit) and closes the
                    // connection while the client may still be writing: the client sees a reset, not the answer. Counted,
                    // and the host must still answer below.
                    Interlocked.Increment(ref resets);
                    lastReset = $"{what}: {e.Message} {e.InnerException?.Message}";
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    failures.Enqueue($"{what} got no answer: {e.GetType().Name}: {e.Message} {e.InnerException?.Message}");
                }
            }
        });

        Assert.False(bound.IsCancellationRequested, $"only {Math.Min(sent, Requests)} of {Requests} requests in {Bound} (seed {seed})");
        Assert.True(failures.IsEmpty, $"seed {seed}: {failures.Count} failures, first: {string.Join("\n", failures.Take(10))}");
        output.WriteLine($"{resets} connections closed by the server before the answer was read (last: {lastReset})");
        Assert.True(resets < Requests / 50, $"{resets} resets (seed {seed}), last: {lastReset}");
        using var healthy = await site.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        using var page = await site.Client.GetAsync("/status/openai");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        output.WriteLine($"{Requests} requests to {routes.Count} routes");
    }

    private static async Task<string> ReadSome(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length > 300 ? text[..300] : text;
    }

    /// <summary>Every route the host maps, with its methods (a route with none takes any).</summary>
    private static List<(string Pattern, string[] Methods)> RoutesOf(TestSite site) =>
        [.. site.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => (e.RoutePattern.RawText ?? "/", e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.ToArray() ?? ["GET", "POST"]))
            .Distinct()];
}

internal sealed record Credentials(string ApiKey, string AgentToken);

/// <summary>Draws one request: a route with its parameters filled, then random changes to what is sent.</summary>
internal sealed class RequestMutations(Random random, List<(string Pattern, string[] Methods)> routes, Credentials credentials)
{
    private static readonly string[] Slugs = ["openai", "anthropic", "nope", "%00", "..%2F..", "a%20b", new string('x', 300), "%F0%9F%92%A5", "-"];
    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-16", "application/x-www-form-urlencoded", "multipart/form-data; boundary=b",
        "multipart/form-data", "text/plain", "application/xml", "application/octet-stream", "garbage", "application/json; charset=nope",
        "multipart/form-data; boundary=" + new string('b', 200), "",
    ];
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"];
    private static readonly string[] JsonSamples =
    [
        """{"text":"Error code: 429 - {'error': {'message': 'Rate limit reached', 'type': 'requests'}}"}""",
        """{"category":"slow","note":"since noon","region":"EU","website":null,"powChallenge":"v1.x","powNonce":"1"}""",
        """{"email":"a@example.com","service":"openai","component":"api"}""",
        """{"channel":"webhook","url":"http://127.0.0.1:1/hook","service":"openai","secret":"0123456789abcdef"}""",
        """{"probes":[{"service":"openai","component":"api","details":{"resultId":"r1"}}],"checks":[]}""",
    ];

    public bool LastWasOversized { get; private set; }

    public HttpRequestMessage Next()
    {
        var (pattern, methods) = routes[random.Next(routes.Count)];
        var method = random.Next(10) == 0 ? Methods[random.Next(Methods.Length)] : methods[random.Next(methods.Length)];
        var request = new HttpRequestMessage(new HttpMethod(method), Path(pattern) + Query());
        LastWasOversized = false;
        if (method is not ("GET" or "HEAD") || random.Next(8) == 0)
        {
            request.Content = Body();
        }

        Headers(request);
        return request;
    }

    private string Path(string pattern)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{\*?([^}:=?]+)[^}]*\}", m => m.Groups[1].Value switch
        {
            "slug" => Slugs[random.Next(Slugs.Length)],
            "component" => random.Next(2) == 0 ? "api" : Word(),
            "error" => random.Next(2) == 0 ? "rate-limit-exceeded" : Word(),
            "documentName" => random.Next(2) == 0 ? "v1" : Word(),
            _ => Word(),
        });
        return path.StartsWith('/') ? path : "/" + path;
    }

    private string Query()
    {
        if (random.Next(3) == 0)
        {
            return "";
        }

        string[] keys = ["text", "q", "category", "status", "days", "since", "limit", "service", "services", "providers", "model", "token", "id", "reported", "report", Word()];
        return "?" + string.Join('&', Enumerable.Range(0, random.Next(1, 5)).Select(_ => $"{keys[random.Next(keys.Length)]}={Uri.EscapeDataString(Text(random.Next(0, 64)))}"));
    }

    private ByteArrayContent Body()
    {
        var bytes = random.Next(6) switch
        {
            0 => [],
            1 => RandomBytes(random.Next(1, 2048)),
            2 => Mutate(Encoding.UTF8.GetBytes(JsonSamples[random.Next(JsonSamples.Length)])),
            3 => Encoding.UTF8.GetBytes(JsonSamples[random.Next(JsonSamples.Length)]),
            4 => Encoding.UTF8.GetBytes(string.Join('&', Enumerable.Range(0, random.Next(1, 40)).Select(_ => $"{Word()}={Uri.EscapeDataString(Text(random.Next(80)))}"))),
            _ => Mutate(Encoding.ASCII.GetBytes("--b\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nhello\r\n--b--\r\n")),
        };
        if (random.Next(100) == 0)
        {
            bytes = [.. bytes, .. Encoding.ASCII.GetBytes("&big=" + new string('x', random.Next(1, 3) * 1024 * 1024))];
            LastWasOversized = true;
        }

        var content = new ByteArrayContent(bytes);
        var type = ContentTypes[random.Next(ContentTypes.Length)];
        if (type.Length > 0)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", type);
        }

        return content;
    }

    private void Headers(HttpRequestMessage request)
    {
        switch (random.Next(4))
        {
            case 0:
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + credentials.ApiKey);
                break;
            case 1:
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + credentials.AgentToken);
                break;
            case 2:
                request.Headers.TryAddWithoutValidation("Authorization", random.Next(2) == 0 ? "Bearer " + Word() : Text(20, ascii: true));
                break;
        }

        string[] names = ["Accept", "If-None-Match", "Last-Event-ID", "User-Agent", "X-Forwarded-For", "Range", "Accept-Language", "Origin"];
        for (var i = random.Next(4); i > 0; i--)
        {
            request.Headers.TryAddWithoutValidation(names[random.Next(names.Length)], Text(random.Next(1, 80), ascii: true));
        }
    }

    private byte[] Mutate(byte[] bytes)
    {
        for (var i = random.Next(1, 6); i > 0 && bytes.Length > 0; i--)
        {
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        }

        return random.Next(3) == 0 ? bytes[..random.Next(bytes.Length + 1)] : bytes;
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private string Word() => new([.. Enumerable.Range(0, random.Next(1, 12)).Select(_ => (char)random.Next('a', 'z' + 1))]);

    /// <summary>Printable text with quotes, brackets and escapes, and non-ASCII where it is sent percent-encoded.</summary>
    private string Text(int length, bool ascii = false)
    {
        var alphabet = ascii ? "abcXYZ019 -_.:/\\\"'<>{}[]%&=;,~" : "abcXYZ019 -_.:/\\\"'<>{}[]%&=;,~ü中\u0000\r\n";
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return text.ToString();
    }
}
