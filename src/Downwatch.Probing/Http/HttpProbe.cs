using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Downwatch.Domain.Observations;
using Microsoft.Extensions.Options;

namespace Downwatch.Probing.Http;

/// <summary>
/// Probes one HTTP(S) endpoint: times DNS, connect, TLS, first byte and total; records TLS facts and body
/// signals; follows redirects itself; and classifies the answer as up, degraded or down with an error kind.
/// Every step is bounded by <see cref="HttpProbeOptions"/>, whatever the upstream does.
/// </summary>
internal sealed class HttpProbe : IProbe, IDisposable
{
    private readonly HttpProbeOptions _options;
    private readonly ErrorSignatureIndex _signatures;
    private readonly TimeProvider _time;
    private readonly HttpMessageInvoker _invoker;

    public HttpProbe(IOptions<HttpProbeOptions> options, ErrorSignatureIndex signatures, TimeProvider time, HostResolve resolve)
    {
        _options = options.Value;
        _signatures = signatures;
        _time = time;
        _invoker = ProbeConnector.Client(resolve, _options.AllowUntrustedCertificates);
    }

    public bool Handles(ProbeTarget target) => target.Inference is null &&
        Uri.TryCreate(target.Endpoint.Url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    public async Task<ProbeObservation> ProbeAsync(ProbeTarget target, string location, CancellationToken cancellationToken)
    {
        var at = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        using var deadline = new CancellationTokenSource(_options.TotalTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var outcome = await RunAsync(target, started, deadline, linked.Token);
        var elapsed = _time.GetElapsedTime(started).TotalMilliseconds;
        return new ProbeObservation(target.Service, target.Component, target.Endpoint.Id, location, at, outcome.Outcome, elapsed,
            outcome.StatusCode, outcome.ErrorKind, outcome.Details with { ResultId = Guid.NewGuid().ToString("N") });
    }

    private async Task<Classified> RunAsync(ProbeTarget target, long started, CancellationTokenSource deadline, CancellationToken ct)
    {
        var uri = new Uri(target.Endpoint.Url);
        var visited = new HashSet<string>(StringComparer.Ordinal) { uri.AbsoluteUri };
        var redirects = 0;
        while (true)
        {
            var timings = new ProbeTimings { Time = _time, Started = started, TlsHost = uri.Scheme == Uri.UriSchemeHttps ? uri.IdnHost : null };
            using var request = Request(target, uri, timings);
            HttpResponseMessage response;
            try
            {
                response = await _invoker.SendAsync(request, ct);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                return Failure(ProbeOutcome.Down, "timeout", timings, redirects, $"no answer within {Seconds(_options.TotalTimeout)} s");
            }
            catch (HttpRequestException e)
            {
                var (kind, detail) = HttpAnswerClassifier.Transport(e, timings.TlsError);
                return Failure(ProbeOutcome.Down, kind, timings, redirects, detail);
            }

            using (response)
            {
                var ttfb = timings.ElapsedMs;
                var status = (int)response.StatusCode;
                var expected = target.Endpoint.Expect.Contains(status);
                if (!expected && status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    var next = new Uri(uri, location);
                    if (!visited.Add(next.AbsoluteUri))
                    {
                        return Failure(ProbeOutcome.Degraded, "unexpected-status", timings, redirects, $"redirect loop back to {next.AbsoluteUri}", status);
                    }

                    if (++redirects > _options.MaxRedirects || (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps))
                    {
                        return Failure(ProbeOutcome.Degraded, "unexpected-status", timings, redirects, $"more than {_options.MaxRedirects} redirects, or a redirect off http(s)", status);
                    }

                    uri = next;
                    continue;
                }

                BodyRead body;
                try
                {
                    body = await BoundedBody.ReadAsync(response.Content, _options.MaxBodyBytes, _options.MaxDecompressedBytes, ct);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested)
                {
                    return Failure(expected ? ProbeOutcome.Degraded : ProbeOutcome.Down, "timeout", timings, redirects,
                        $"answered {status} but the body did not finish within {Seconds(_options.TotalTimeout)} s", status, ttfb);
                }
                catch (HttpRequestException e)
                {
                    return Failure(ProbeOutcome.Degraded, "connect", timings, redirects, $"answered {status} but the body broke off: {e.Message}", status, ttfb);
                }

                return Classify(target, status, expected, response, body, timings, redirects, ttfb);
            }
        }
    }

    private Classified Classify(ProbeTarget target, int status, bool expected, HttpResponseMessage response, BodyRead body,
        ProbeTimings timings, int redirects, double ttfb)
    {
        var recognized = _signatures.Recognize(target.Service, body.Text);
        var (outcome, kind, detail) = HttpAnswerClassifier.Classify(target.Endpoint, status, expected, body, recognized);
        return new Classified(outcome, status, kind, Details(timings, redirects, detail, ttfb) with
        {
            ContentType = response.Content.Headers.ContentType?.MediaType,
            RecognizedError = recognized,
        });
    }

    private HttpRequestMessage Request(ProbeTarget target, Uri uri, ProbeTimings timings)
    {
        // https is spoken by ProbeConnector, so the handler sees plain http on the same host and port.
        var wire = new UriBuilder(uri) { Scheme = Uri.UriSchemeHttp, Port = uri.Port }.Uri;
        var request = new HttpRequestMessage(new HttpMethod(target.Endpoint.Method), wire);
        request.Headers.Host = uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}";
        request.Headers.UserAgent.ParseAdd(_options.UserAgent);
        request.Headers.Accept.ParseAdd("application/json, text/html;q=0.9, */*;q=0.8");
        request.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br");
        request.Options.Set(ProbeConnector.TimingsKey, timings);
        if (target.Endpoint.Method == "POST")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        return request;
    }

    private Classified Failure(ProbeOutcome outcome, string kind, ProbeTimings timings, int redirects, string detail,
        int? status = null, double? ttfb = null) =>
        new(outcome, status, kind, Details(timings, redirects, detail, ttfb));

    private ProbeDetails Details(ProbeTimings t, int redirects, string detail, double? ttfb) => new()
    {
        DnsMs = t.DnsMs,
        ConnectMs = t.ConnectMs,
        TlsMs = t.TlsMs,
        TtfbMs = ttfb,
        TlsProtocol = t.TlsProtocol?.ToString(),
        TlsIssuer = t.TlsIssuer,
        TlsDaysLeft = t.TlsNotAfter is { } notAfter ? (int)Math.Floor((notAfter - _time.GetUtcNow().UtcDateTime).TotalDays) : null,
        Redirects = redirects,
        Detail = detail,
    };

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    public void Dispose() => _invoker.Dispose();

    private sealed record Classified(ProbeOutcome Outcome, int? StatusCode, string? ErrorKind, ProbeDetails Details);
}
