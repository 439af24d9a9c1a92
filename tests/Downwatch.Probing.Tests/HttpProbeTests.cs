using System.Net;
using System.Net.Sockets;
using Downwatch.Domain.Observations;
using Downwatch.Probing.Http;
using static Downwatch.Probing.Tests.ProbeFixtures;

namespace Downwatch.Probing.Tests;

public sealed class HttpProbeTests : IAsyncLifetime
{
    private MisbehavingUpstream _up = default!;

    public async Task InitializeAsync() => _up = await MisbehavingUpstream.StartAsync();

    public async Task DisposeAsync() => await _up.DisposeAsync();

    private static async Task<ProbeObservation> Run(ProbeTarget target, HttpProbeOptions? options = null)
    {
        using var probe = Probe(options);
        return await probe.ProbeAsync(target, "test-location", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_keyless_401_with_invalid_api_key_is_up_and_recognised()
    {
        var r = await Run(Target($"{_up.Http}/models", 401));
        Assert.Equal(ProbeOutcome.Up, r.Outcome);
        Assert.Equal(401, r.StatusCode);
        Assert.Null(r.ErrorKind);
        Assert.Equal("authentication-failed", r.Details!.RecognizedError);
        Assert.Equal("application/json", r.Details.ContentType);
        Assert.NotNull(r.Details.DnsMs);
        Assert.NotNull(r.Details.ConnectMs);
        Assert.NotNull(r.Details.TtfbMs);
        Assert.Null(r.Details.TlsMs);
        Assert.Equal("test-location", r.Location);
        Assert.False(string.IsNullOrEmpty(r.Details.ResultId));
        Assert.Contains("answered 401 carrying authentication-failed as expected", r.Details.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_records_tls_facts_and_an_untrusted_certificate_is_a_tls_failure()
    {
        var url = $"https://probe.test:{_up.HttpsPort}/models";
        var refused = await Run(Target(url, 401));
        Assert.Equal(ProbeOutcome.Down, refused.Outcome);
        Assert.Equal("tls", refused.ErrorKind);
        Assert.Contains("RemoteCertificateChainErrors", refused.Details!.Detail, StringComparison.Ordinal);

        var accepted = await Run(Target(url, 401), new HttpProbeOptions { AllowUntrustedCertificates = true, TotalTimeout = TimeSpan.FromSeconds(3) });
        Assert.Equal(ProbeOutcome.Up, accepted.Outcome);
        Assert.StartsWith("Tls1", accepted.Details!.TlsProtocol, StringComparison.Ordinal);
        Assert.Equal("downwatch-test-upstream", accepted.Details.TlsIssuer);
        Assert.InRange(accepted.Details.TlsDaysLeft!.Value, 28, 30);
        Assert.NotNull(accepted.Details.TlsMs);
    }

    [Fact]
    public async Task Unexpected_answers_are_classified()
    {
        var overloaded = await Run(Target($"{_up.Http}/unavailable", 401) with { Service = "anthropic" });
        Assert.Equal((ProbeOutcome.Down, "http-5xx", 529), (overloaded.Outcome, overloaded.ErrorKind, overloaded.StatusCode));
        Assert.Equal("service-unavailable", overloaded.Details!.RecognizedError);

        var missing = await Run(Target($"{_up.Http}/missing", 401));
        Assert.Equal((ProbeOutcome.Degraded, "unexpected-status", 404), (missing.Outcome, missing.ErrorKind, missing.StatusCode));
    }

    [Fact]
    public async Task Body_checks_turn_a_wrong_body_into_a_body_mismatch()
    {
        var endpoint = Target($"{_up.Http}/ok", 200).Endpoint;
        var right = await Run(new ProbeTarget("sensetime-sensechat", "web", new() { Url = endpoint.Url, Expect = [200], BodyContains = ["SenseChat"] }));
        Assert.Equal(ProbeOutcome.Up, right.Outcome);
        var wrong = await Run(new ProbeTarget("sensetime-sensechat", "web", new() { Url = endpoint.Url, Expect = [200], BodyContains = ["ERNIE"] }));
        Assert.Equal((ProbeOutcome.Degraded, "body-mismatch"), (wrong.Outcome, wrong.ErrorKind));
        var json = await Run(new ProbeTarget("anthropic", "api", new() { Url = $"{_up.Http}/json", Expect = [401], JsonPaths = ["error.type"] }));
        Assert.Equal(ProbeOutcome.Up, json.Outcome);
        var notThere = await Run(new ProbeTarget("anthropic", "api", new() { Url = $"{_up.Http}/json", Expect = [401], JsonPaths = ["error.code"] }));
        Assert.Equal("body-mismatch", notThere.ErrorKind);
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_is_a_dns_failure()
    {
        var r = await Run(Target($"http://nowhere.test:{_up.HttpPort}/models", 401));
        Assert.Equal((ProbeOutcome.Down, "dns"), (r.Outcome, r.ErrorKind));
    }

    [Fact]
    public async Task A_closed_port_is_a_connect_failure()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var r = await Run(Target($"http://127.0.0.1:{port}/models", 401));
        Assert.Equal((ProbeOutcome.Down, "connect"), (r.Outcome, r.ErrorKind));
    }

    [Fact]
    public async Task Redirects_are_followed_up_to_the_limit_and_loops_are_caught()
    {
        var chain = await Run(Target($"{_up.Http}/chain/3", 200));
        Assert.Equal(ProbeOutcome.Up, chain.Outcome);
        Assert.Equal(3, chain.Details!.Redirects);

        var tooLong = await Run(Target($"{_up.Http}/chain/9", 200));
        Assert.Equal((ProbeOutcome.Degraded, "unexpected-status"), (tooLong.Outcome, tooLong.ErrorKind));
        Assert.Contains("more than 5 redirects", tooLong.Details!.Detail, StringComparison.Ordinal);

        var loop = await Run(Target($"{_up.Http}/loop", 200));
        Assert.Contains("redirect loop", loop.Details!.Detail, StringComparison.Ordinal);

        var redirectExpected = await Run(Target($"{_up.Http}/loop", 302));
        Assert.Equal(ProbeOutcome.Up, redirectExpected.Outcome);
    }

    [Fact]
    public async Task Headers_that_never_come_end_in_a_timeout_within_the_bound()
    {
        var r = await Run(Target($"{_up.Http}/slow-headers", 200), new HttpProbeOptions { TotalTimeout = TimeSpan.FromSeconds(1) });
        Assert.Equal((ProbeOutcome.Down, "timeout"), (r.Outcome, r.ErrorKind));
        Assert.Contains("no answer within 1 s", r.Details!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_drip_body_ends_in_a_timeout_within_the_bound()
    {
        var r = await Run(Target($"{_up.Http}/drip", 200), new HttpProbeOptions { TotalTimeout = TimeSpan.FromSeconds(2) });
        Assert.Equal((ProbeOutcome.Degraded, "timeout", 200), (r.Outcome, r.ErrorKind, r.StatusCode));
        Assert.Contains("the body did not finish", r.Details!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_the_gzip_it_claims_is_noted_not_fatal()
    {
        var r = await Run(Target($"{_up.Http}/bad-gzip", 200));
        Assert.Equal(ProbeOutcome.Up, r.Outcome);
        Assert.Contains("could not be decompressed", r.Details!.Detail, StringComparison.Ordinal);
    }
}
