using Downwatch.Domain.Inference;
using Downwatch.Domain.Observations;
using Downwatch.Probing.Http;
using Downwatch.Probing.Inference;
using Downwatch.TestSupport;
using Microsoft.Extensions.Options;
using static Downwatch.Probing.Tests.ProbeFixtures;

namespace Downwatch.Probing.Tests;

/// <summary>Every wire format against a real server on 127.0.0.1 in each of the ways a provider answers.</summary>
public sealed class InferenceProbeTests : IAsyncLifetime
{
    private const string Secret = "sk-test-4f1b9c0d2e7a";

    // Baidu's older API takes an API Key and Secret Key, written AK:SK; so does SenseNova's JWT.
    private const string KeyPair = "kX3jh7TqfQm2n9Lr4Zs8Vw1b:Gd9fK2pLq8Wz5Xc7Vb3Nm1Qa6Sd4Fg0Hj";

    private static string SecretFor(string format) => format == "qianfan-ernie" ? KeyPair : Secret;
    private FakeProviders _fake = default!;

    public async Task InitializeAsync() => _fake = await FakeProviders.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    internal static InferenceProbe Probe(InferenceProbeOptions? options = null) =>
        new(Options.Create(options ?? new InferenceProbeOptions
        {
            TotalTimeout = TimeSpan.FromSeconds(4),
            FirstTokenTimeout = TimeSpan.FromSeconds(1),
            StallTimeout = TimeSpan.FromSeconds(1),
        }), Options.Create(new HttpProbeOptions()), new ErrorSignatureIndex(ProbeFixtures.Catalog), TimeProvider.System, Resolve);

    private static readonly InferenceProbeOptions Roomy = new()
    {
        TotalTimeout = TimeSpan.FromSeconds(20),
        FirstTokenTimeout = TimeSpan.FromSeconds(10),
        StallTimeout = TimeSpan.FromSeconds(10),
    };

    // A token every 200 ms never stalls for 3 s; the 4 s total ends it.
    private static readonly InferenceProbeOptions Dripping = new()
    {
        TotalTimeout = TimeSpan.FromSeconds(4),
        FirstTokenTimeout = TimeSpan.FromSeconds(3),
        StallTimeout = TimeSpan.FromSeconds(3),
    };

    private ProbeTarget Target(string format, string mode, string model = "m-1", string? secret = null) =>
        new(format switch
        {
            "anthropic-messages" => "anthropic",
            "gemini-stream" => "google-gemini",
            "qianfan-ernie" => "baidu-ernie",
            "sensenova-chat" => "sensetime-sensechat",
            _ => "openai",
        }, "api", new Domain.Catalog.ProbeEndpoint { Url = _fake.BaseUrl(format, mode), Method = "POST" })
        {
            Inference = new InferenceSpec(format, _fake.BaseUrl(format, mode), model, "main", new ApiSecret(secret ?? SecretFor(format))),
        };

    private async Task<ProbeObservation> Run(string format, string mode, InferenceProbeOptions? options = null)
    {
        using var probe = Probe(options);
        return await probe.ProbeAsync(Target(format, mode), "here", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static readonly string[] Formats = ["openai-chat", "anthropic-messages", "gemini-stream", "qianfan-ernie", "sensenova-chat"];

    public static TheoryData<string, string, string?> Cases()
    {
        var data = new TheoryData<string, string, string?>();
        foreach (var format in Formats)
        {
            data.Add(format, "healthy", null);
            data.Add(format, "overloaded", InferenceFailure.Overloaded);
            data.Add(format, "stalled", InferenceFailure.Stalled);
            data.Add(format, "slow-first", InferenceFailure.FirstTokenTimeout);
            data.Add(format, "drip", InferenceFailure.Timeout);
            data.Add(format, "truncated", InferenceFailure.StreamCut);
            data.Add(format, "malformed", InferenceFailure.MalformedStream);
            data.Add(format, "wrong", InferenceFailure.WrongAnswer);
            data.Add(format, "empty", InferenceFailure.EmptyContent);
            data.Add(format, "html", InferenceFailure.NotAStream);
            data.Add(format, "huge-event", InferenceFailure.TooLarge);
            data.Add(format, "bad-utf8", InferenceFailure.MalformedStream);
            data.Add(format, "key-refused", InferenceFailure.KeyRefused);
            data.Add(format, "gone", InferenceFailure.ModelNotFound);
            // Gemini and Baidu have no end marker but the final finish (finishReason, is_end): a stream without one was cut off.
            data.Add(format, "no-finish", format is "gemini-stream" or "qianfan-ernie" ? InferenceFailure.StreamCut : InferenceFailure.MissingFinish);
            data.Add(format, "error-event", format == "anthropic-messages" ? InferenceFailure.Overloaded : InferenceFailure.StreamError);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_way_of_answering_is_classified(string format, string mode, string? kind)
    {
        // Only the timing cases need tight limits; the rest get room so that a busy machine cannot turn them into a stall.
        var r = await Run(format, mode, mode switch { "stalled" or "slow-first" => null, "drip" => Dripping, _ => Roomy });
        Assert.True(kind == r.ErrorKind, $"{format}/{mode}: expected {kind ?? "success"}, got {r.ErrorKind ?? "success"}: {r.Details!.Detail}");
        Assert.Equal(kind is null ? ProbeOutcome.Up : r.Outcome, r.Outcome);
        Assert.NotEqual(kind is null ? ProbeOutcome.Down : ProbeOutcome.Up, r.Outcome);
        Assert.Equal("model:m-1", r.Endpoint);
        Assert.Equal("m-1", r.Details!.Model);
        foreach (var secret in SecretFor(format).Split(':'))
        {
            Assert.DoesNotContain(secret, r.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(secret, r.Details.Detail, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("openai-chat", 23, 27, "stop")]
    [InlineData("anthropic-messages", 26, 28, "end_turn")]
    [InlineData("gemini-stream", 24, 20, "STOP")]
    [InlineData("qianfan-ernie", 23, 27, "normal")]
    [InlineData("sensenova-chat", 23, 33, "stop")]
    public async Task A_healthy_stream_is_measured_with_the_providers_usage(string format, int output, int input, string finish)
    {
        var r = await Run(format, "healthy");
        Assert.Equal(ProbeOutcome.Up, r.Outcome);
        Assert.Equal(200, r.StatusCode);
        var d = r.Details!;
        Assert.Equal(output, d.OutputTokens);
        Assert.Equal(input, d.InputTokens);
        Assert.Equal(finish, d.FinishReason);
        Assert.NotNull(d.DnsMs);
        Assert.NotNull(d.ConnectMs);
        Assert.NotNull(d.TtfbMs);
        Assert.True(d.TtftMs >= d.TtfbMs, $"first token {d.TtftMs} ms before the first byte {d.TtfbMs} ms");
        // Tokens/s needs the first and last token at least 1 ms apart as read; a busy client that reads the whole stream
        // in one go sees them together and honestly reports no rate rather than an infinite one.
        Assert.True(d.TokensPerSecond is null || d.TokensPerSecond > 0, $"{d.TokensPerSecond} tokens/s");
        Assert.Equal("text/event-stream", d.ContentType);
        Assert.StartsWith("answered correctly in", d.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("openai-chat", "Bearer " + Secret)]
    [InlineData("anthropic-messages", Secret)]
    [InlineData("gemini-stream", Secret)]
    [InlineData("qianfan-ernie", KeyPair)]
    [InlineData("sensenova-chat", "Bearer " + Secret)]
    public async Task The_key_goes_in_the_formats_own_header(string format, string expected)
    {
        await Run(format, "healthy");
        Assert.Contains(expected, _fake.Credentials);
    }

    [Fact]
    public async Task Time_to_first_token_includes_the_wait_for_the_first_token()
    {
        _fake.SlowFirstToken = TimeSpan.FromMilliseconds(400);
        var r = await Run("anthropic-messages", "slow-first", new InferenceProbeOptions { FirstTokenTimeout = TimeSpan.FromSeconds(20) });
        Assert.Equal(ProbeOutcome.Up, r.Outcome);
        // The upstream holds the first token back 400 ms after its headers; the client's clock and the server's delay are
        // read separately, so the margin asked for is a clear part of the wait rather than all of it to the millisecond.
        Assert.True(r.Details!.TtftMs - r.Details.TtfbMs >= 300, $"TTFB {r.Details.TtfbMs} ms, TTFT {r.Details.TtftMs} ms");
    }

    [Fact]
    public async Task Errors_are_recognised_through_errors_yaml()
    {
        var anthropic = await Run("anthropic-messages", "overloaded");
        Assert.Equal(529, anthropic.StatusCode);
        Assert.Equal("service-unavailable", anthropic.Details!.RecognizedError);
        var openai = await Run("openai-chat", "key-refused");
        Assert.Equal("authentication-failed", openai.Details!.RecognizedError);
    }

    [Fact]
    public void The_answer_check_accepts_the_count_and_refuses_anything_else()
    {
        Assert.Null(ProbePrompt.Judge("1 2 3 4 5 6 7 8 9 10 11 12"));
        Assert.Null(ProbePrompt.Judge("1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12."));
        Assert.NotNull(ProbePrompt.Judge("1 2 3"));
        Assert.NotNull(ProbePrompt.Judge("OK"));
        Assert.NotNull(ProbePrompt.Judge("1 2 3 4 5 6 7 8 9 10 12 11"));
    }

    [Fact]
    public async Task A_traded_token_is_kept_until_the_provider_refuses_it()
    {
        using var probe = Probe(Roomy);
        var target = Target("qianfan-ernie", "healthy");
        async Task<ProbeObservation> Ask() => await probe.ProbeAsync(target, "here", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        int Trades() => _fake.Requests.GetValueOrDefault("/healthy/oauth/2.0/token");

        Assert.Equal(ProbeOutcome.Up, (await Ask()).Outcome);
        Assert.Equal(ProbeOutcome.Up, (await Ask()).Outcome);
        Assert.Equal(1, Trades());

        // The token stops working (expired early, revoked): that probe says the key was refused, the next trades again.
        _fake.RevokeBaiduTokens();
        var refused = await Ask();
        Assert.Equal(InferenceFailure.KeyRefused, refused.ErrorKind);
        Assert.Equal("authentication-failed", refused.Details!.RecognizedError);
        Assert.Equal(1, Trades());
        Assert.Equal(ProbeOutcome.Up, (await Ask()).Outcome);
        Assert.Equal(2, Trades());
        var said = refused.Details!.Detail ?? "";
        Assert.DoesNotContain(_fake.Credentials, c => c.StartsWith("24.", StringComparison.Ordinal) && said.Contains(c, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_key_the_token_endpoint_refuses_is_the_keys_fault_not_the_models()
    {
        var r = await Run("qianfan-ernie", "key-refused", Roomy);
        Assert.Equal(InferenceFailure.KeyRefused, r.ErrorKind);
        Assert.Equal(401, r.StatusCode);
        Assert.Equal("authentication-failed", r.Details!.RecognizedError);
        Assert.StartsWith("the token exchange answered 401", r.Details.Detail, StringComparison.Ordinal);
        Assert.Equal(0, _fake.Requests.GetValueOrDefault("/key-refused/rpc/2.0/ai_custom/v1/wenxinworkshop/chat/m-1"));
    }

    [Fact]
    public async Task A_baidu_key_without_a_colon_is_used_as_an_access_token()
    {
        using var probe = Probe(Roomy);
        var r = await probe.ProbeAsync(Target("qianfan-ernie", "healthy", secret: "24.not-handed-out"), "here", CancellationToken.None);
        // Not a token the provider handed out: error 110 in a 200 body, judged as the key's fault.
        Assert.Equal(InferenceFailure.KeyRefused, r.ErrorKind);
        Assert.Equal(200, r.StatusCode);
        Assert.Contains("24.not-handed-out", _fake.Credentials);
        Assert.Equal(0, _fake.Requests.GetValueOrDefault("/healthy/oauth/2.0/token"));
    }

    [Fact]
    public async Task SenseNova_keys_written_AK_SK_are_sent_as_a_signed_jwt_the_provider_accepts()
    {
        var (accessKey, secretKey) = (KeyPair.Split(':')[0], KeyPair.Split(':')[1]);
        _fake.SenseNovaKeys[accessKey] = secretKey;
        using var probe = Probe(Roomy);
        var signed = await probe.ProbeAsync(Target("sensenova-chat", "healthy", secret: KeyPair), "here", CancellationToken.None);
        Assert.Equal(ProbeOutcome.Up, signed.Outcome);
        Assert.DoesNotContain(_fake.Credentials, c => c.Contains(secretKey, StringComparison.Ordinal));

        // Signed with another secret: the provider answers 401 {"error":{"code":16,"message":"Forbidden"}}.
        _fake.SenseNovaKeys[accessKey] = "another-secret-key-of-at-least-32-bytes!";
        var forged = await probe.ProbeAsync(Target("sensenova-chat", "healthy", secret: KeyPair), "here", CancellationToken.None);
        Assert.Equal(InferenceFailure.KeyRefused, forged.ErrorKind);
        Assert.Equal(401, forged.StatusCode);
    }

    [Fact]
    public void The_baidu_token_endpoint_is_beside_rpc_on_the_apis_host()
    {
        Assert.Equal("https://aip.baidubce.com/oauth/2.0/token",
            QianfanErnieFormat.TokenEndpoint("https://aip.baidubce.com/rpc/2.0/ai_custom/v1/wenxinworkshop"));
        Assert.Equal("https://proxy.example:8443/oauth/2.0/token", QianfanErnieFormat.TokenEndpoint("https://proxy.example:8443/ernie"));
    }

    [Fact]
    public void Every_format_the_catalog_accepts_is_spoken_and_tested()
    {
        Assert.Equal(Domain.Catalog.InferenceDefinition.Formats.Order(), WireFormats.All.Select(f => f.Name).Order());
        Assert.Equal(Domain.Catalog.InferenceDefinition.Formats.Order(), Formats.Order());
    }
}
