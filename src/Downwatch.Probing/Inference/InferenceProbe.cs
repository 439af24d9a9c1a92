using System.Globalization;
using System.Net;
using System.Text.Json;
using Downwatch.Domain.Inference;
using Downwatch.Domain.Observations;
using Downwatch.Probing.Http;
using Microsoft.Extensions.Options;

namespace Downwatch.Probing.Inference;

/// <summary>
/// Asks one model for the probe prompt as a streamed generation and measures it: DNS, connect, TLS and first byte (through
/// the same connector as the HTTP probe), time to first token, tokens per second after it, finish reason, usage, and the
/// error the provider sent. The stream is read event by event within <see cref="InferenceProbeOptions"/>'s bounds (total
/// time, first token, stall, bytes per stream and per event); judging what came back is <see cref="InferenceAnswer"/>'s.
/// </summary>
internal sealed class InferenceProbe : IProbe, IDisposable
{
    private readonly InferenceProbeOptions _options;
    private readonly HttpProbeOptions _http;
    private readonly ErrorSignatureIndex _signatures;
    private readonly TimeProvider _time;

    /// <summary>Durations and bounds are measured on the real clock, whatever clock stamps the result: a stream takes real time.</summary>
    private readonly TimeProvider _stopwatch = TimeProvider.System;
    private readonly HttpMessageInvoker _invoker;
    private readonly ExchangedTokens _tokens;

    public InferenceProbe(IOptions<InferenceProbeOptions> options, IOptions<HttpProbeOptions> http, ErrorSignatureIndex signatures,
        TimeProvider time, HostResolve resolve)
    {
        _options = options.Value;
        _http = http.Value;
        _signatures = signatures;
        _time = time;
        _invoker = ProbeConnector.Client(resolve, _http.AllowUntrustedCertificates);
        _tokens = new ExchangedTokens(time);
    }

    public bool Handles(ProbeTarget target) => target.Inference is { } spec && WireFormats.Find(spec.Format) is not null;

    public async Task<ProbeObservation> ProbeAsync(ProbeTarget target, string location, CancellationToken cancellationToken)
    {
        var spec = target.Inference ?? throw new ArgumentException("Not an inference target.", nameof(target));
        var format = WireFormats.Find(spec.Format) ?? throw new ArgumentException($"Unknown wire format {spec.Format}.", nameof(target));
        var at = _time.GetUtcNow();
        var started = _stopwatch.GetTimestamp();
        using var deadline = new CancellationTokenSource(_options.TotalTimeout, _stopwatch);
        using var watch = new CancellationTokenSource(_options.FirstTokenTimeout, _stopwatch);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token, watch.Token);
        var run = new Run(deadline, watch, linked.Token);
        Measured measured;
        try
        {
            measured = await RunAsync(target, spec, format, run);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            measured = run.Interrupted(_options);
        }

        if (measured.Judged.Kind == InferenceFailure.KeyRefused && format is ITokenExchange)
        {
            _tokens.Forget(spec);
        }

        var detail = run.Scrub(measured.Judged.Detail, spec.Secret);
        return new ProbeObservation(target.Service, target.Component, InferenceEndpoint.For(spec.Model), location, at, measured.Judged.Outcome,
            _stopwatch.GetElapsedTime(started).TotalMilliseconds, measured.Status, measured.Judged.Kind, measured.Details with
            {
                Model = spec.Model,
                Detail = detail,
                ResultId = Guid.NewGuid().ToString("N"),
            });
    }

    private async Task<Measured> RunAsync(ProbeTarget target, InferenceSpec spec, IWireFormat format, Run run)
    {
        var credential = spec.Secret;
        if (format is ITokenExchange exchange)
        {
            var (token, refused) = await TradeAsync(target, spec, exchange, run);
            if (refused is not null)
            {
                return refused;
            }

            credential = run.Credential = token!;
            run.Watch.CancelAfter(_options.FirstTokenTimeout); // the wait for the first token starts with the generation's request
        }

        using var request = format.CreateRequest(spec, credential);
        request.Headers.Accept.ParseAdd("text/event-stream");
        HttpResponseMessage response;
        try
        {
            response = await SendAsync(request, run);
        }
        catch (HttpRequestException e)
        {
            var (kind, detail) = HttpAnswerClassifier.Transport(e, run.Timings!.TlsError);
            return run.Result(new Judged(ProbeOutcome.Down, kind, detail));
        }

        using (response)
        {
            run.TtfbMs = run.Timings!.ElapsedMs;
            run.Status = (int)response.StatusCode;
            run.ContentType = response.Content.Headers.ContentType?.MediaType;
            if (run.Status is < 200 or >= 300)
            {
                var body = await BoundedBody.ReadAsync(response.Content, _http.MaxBodyBytes, _http.MaxDecompressedBytes, run.Token);
                run.Recognized = _signatures.Recognize(target.Service, body.Text);
                return run.Result(InferenceAnswer.ForStatus(run.Status.Value, run.Recognized));
            }

            await using var stream = await response.Content.ReadAsStreamAsync(run.Token);
            using var reader = new SseReader(stream, _options.MaxEventBytes, _options.MaxStreamBytes);
            try
            {
                return await ReadStreamAsync(target, format, reader, run);
            }
            catch (SseFormatException e)
            {
                return run.Result(new Judged(e.Kind == InferenceFailure.TooLarge ? ProbeOutcome.Down : ProbeOutcome.Degraded, e.Kind,
                    $"answered 200 but {e.Message} after {run.Tokens} tokens"));
            }
            catch (JsonException)
            {
                return run.Result(new Judged(ProbeOutcome.Degraded, InferenceFailure.MalformedStream,
                    $"answered 200 but an event is not the JSON this format sends (after {run.Tokens} tokens)"));
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                return run.Result(new Judged(ProbeOutcome.Down, InferenceFailure.StreamCut,
                    $"answered 200 but the connection broke off after {run.Tokens} tokens"));
            }
        }
    }

    /// <summary>Sends through the probe connector, timed from now (after any token exchange).</summary>
    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, Run run)
    {
        var uri = request.RequestUri!;
        run.Timings = new ProbeTimings { Time = _stopwatch, Started = _stopwatch.GetTimestamp(), TlsHost = uri.Scheme == Uri.UriSchemeHttps ? uri.IdnHost : null };
        // https is spoken by ProbeConnector, so the handler sees plain http on the same host and port.
        request.RequestUri = new UriBuilder(uri) { Scheme = Uri.UriSchemeHttp, Port = uri.Port }.Uri;
        request.Headers.Host = uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}";
        request.Headers.UserAgent.ParseAdd(_http.UserAgent);
        request.Options.Set(ProbeConnector.TimingsKey, run.Timings);
        return _invoker.SendAsync(request, run.Token);
    }

    /// <summary>The token the key trades for (kept from an earlier probe when still good), or why there is none.</summary>
    private async Task<(ApiSecret? Token, Measured? Refused)> TradeAsync(ProbeTarget target, InferenceSpec spec, ITokenExchange exchange, Run run)
    {
        if (_tokens.Find(spec) is { } kept)
        {
            return (kept, null);
        }

        using var request = exchange.CreateExchange(spec);
        if (request is null)
        {
            return (spec.Secret, null);
        }

        HttpResponseMessage response;
        try
        {
            response = await SendAsync(request, run);
        }
        catch (HttpRequestException e)
        {
            var (kind, detail) = HttpAnswerClassifier.Transport(e, run.Timings!.TlsError);
            return (null, run.Result(new Judged(ProbeOutcome.Down, kind, $"the token exchange failed: {detail}")));
        }

        using (response)
        {
            var body = await BoundedBody.ReadAsync(response.Content, _http.MaxBodyBytes, _http.MaxDecompressedBytes, run.Token);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300 && exchange.ReadGrant(body.Text) is { } grant)
            {
                _tokens.Keep(spec, grant);
                return (grant.Token, null);
            }

            run.Status = status;
            run.Recognized = _signatures.Recognize(target.Service, body.Text);
            var judged = status is >= 200 and < 300
                ? new Judged(ProbeOutcome.Degraded, InferenceFailure.KeyRefused, $"answered {status} without an access token: {InferenceFailure.Describe(InferenceFailure.KeyRefused)}")
                : InferenceAnswer.ForStatus(status, run.Recognized);
            return (null, run.Result(judged with { Detail = "the token exchange " + judged.Detail }));
        }
    }

    private async Task<Measured> ReadStreamAsync(ProbeTarget target, IWireFormat format, SseReader reader, Run run)
    {
        var any = false;
        while (await reader.ReadAsync(run.Token) is { } sse)
        {
            any = true;
            var before = run.Reading.ContentEvents;
            format.Read(sse, run.Reading);
            if (run.Reading.ContentEvents > before)
            {
                run.LastTokenMs = run.Timings!.ElapsedMs;
                run.TtftMs ??= run.LastTokenMs;
            }

            if (run.TtftMs is not null)
            {
                run.Watch.CancelAfter(_options.StallTimeout);
            }

            if (run.Reading.Error is not null || run.Reading.Ended)
            {
                break;
            }
        }

        if (run.Reading.Error is { } error)
        {
            run.Recognized = _signatures.Recognize(target.Service, error);
            return run.Result(InferenceAnswer.ForStreamError(run.Recognized, run.Tokens));
        }

        if (!any)
        {
            run.Recognized = _signatures.Recognize(target.Service, reader.RawStart);
            return run.Result(InferenceAnswer.ForNoEvents(reader.RawStart, run.Recognized));
        }

        return run.Result(InferenceAnswer.ForStream(run.Reading, run.TtftMs, run.TokensPerSecond, run.Tokens));
    }

    public void Dispose() => _invoker.Dispose();

    private sealed record Measured(Judged Judged, int? Status, ProbeDetails Details);

    /// <summary>The state of one probe while it runs: timers, timings and what the stream held so far.</summary>
    private sealed class Run(CancellationTokenSource deadline, CancellationTokenSource watch, CancellationToken token)
    {
        public CancellationTokenSource Watch { get; } = watch;
        public CancellationToken Token { get; } = token;
        public ProbeTimings? Timings { get; set; }
        public StreamReading Reading { get; } = new();
        public double? TtfbMs { get; set; }
        public double? TtftMs { get; set; }
        public double? LastTokenMs { get; set; }
        public int? Status { get; set; }
        public string? ContentType { get; set; }
        public string? Recognized { get; set; }

        /// <summary>The token the key was traded for, when the format trades it.</summary>
        public ApiSecret? Credential { get; set; }

        public int Tokens => Reading.OutputTokens ?? Reading.ContentEvents;

        /// <summary>A sentence without the key, any colon-separated part of it, or the token it was traded for.</summary>
        public string Scrub(string text, ApiSecret key)
        {
            var key0 = key.Reveal();
            var secrets = key0.Split(':').Where(p => p.Length >= 8).Append(key0);
            if (Credential is { } token)
            {
                secrets = secrets.Append(token.Reveal());
            }

            return secrets.Where(s => s.Length > 0).OrderByDescending(s => s.Length)
                .Aggregate(text, (t, s) => t.Replace(s, "[secret]", StringComparison.Ordinal));
        }

        /// <summary>Tokens after the first one, over the time from the first token to the last.</summary>
        public double? TokensPerSecond =>
            TtftMs is { } first && LastTokenMs is { } last && Tokens >= 2 && last - first >= 1 ? (Tokens - 1) / ((last - first) / 1000) : null;

        /// <summary>A timer ran out: which one says what happened.</summary>
        public Measured Interrupted(InferenceProbeOptions options)
        {
            var status = Status is { } s ? $"answered {s}, then " : "";
            var judged = deadline.IsCancellationRequested
                ? new Judged(ProbeOutcome.Down, InferenceFailure.Timeout,
                    $"{status}the generation did not finish within {Seconds(options.TotalTimeout)} s ({Tokens} tokens so far)")
                : TtftMs is null
                    ? new Judged(ProbeOutcome.Down, InferenceFailure.FirstTokenTimeout,
                        $"{status}no first token within {Seconds(options.FirstTokenTimeout)} s")
                    : new Judged(ProbeOutcome.Down, InferenceFailure.Stalled,
                        $"{status}the stream stalled for {Seconds(options.StallTimeout)} s after {Tokens} tokens");
            return Result(judged);
        }

        public Measured Result(Judged judged) => new(judged, Status, new ProbeDetails
        {
            DnsMs = Timings?.DnsMs,
            ConnectMs = Timings?.ConnectMs,
            TlsMs = Timings?.TlsMs,
            TtfbMs = TtfbMs,
            TlsProtocol = Timings?.TlsProtocol?.ToString(),
            TlsIssuer = Timings?.TlsIssuer,
            ContentType = ContentType,
            RecognizedError = Recognized,
            TtftMs = TtftMs,
            TokensPerSecond = TokensPerSecond,
            OutputTokens = Status is >= 200 and < 300 ? Tokens : null,
            InputTokens = Reading.InputTokens,
            FinishReason = Reading.FinishReason,
        });

        private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
    }
}
