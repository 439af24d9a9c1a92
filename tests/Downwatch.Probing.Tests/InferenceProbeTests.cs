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

    private ProbeTarget Target(string format, string mode, string model = "m-1") =>
        new(format switch { "anthropic-messages" => "anthropic", "gemini-stream" => "google-gemini", _ => "openai" }, "api", new Domain.Catalog.ProbeEndpoint { Url = _fake.BaseUrl(format, mode), Method = "POST" })
        {
            Inference = new InferenceSpec(format, _fake.BaseUrl(format, mode), model, "main", new ApiSecret(Secret)),
        };

    private async Task<ProbeObservation> Run(string format, string mode, InferenceProbeOptions? options = null)
    {
        using var probe = Probe(options);
        return await probe.ProbeAsync(Target(format, mode), "here", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    public static TheoryData<string, string, string?> Cases()
    {
        var data = new TheoryData<string, string, string?>();
        foreach (var format in new[] { "openai-chat", "anthropic-messages", "gemini-stream" })
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
            // Gemini has no end marker but the final finish reason: a stream without one was cut off.
            data.Add(format, "no-finish", format == "gemini-stream" ? InferenceFailure.StreamCut : InferenceFailure.MissingFinish);
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
        Assert.DoesNotContain(Secret, r.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, r.Details.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("openai-chat", 23, 27, "stop")]
    [InlineData("anthropic-messages", 26, 28, "end_turn")]
    [InlineData("gemini-stream", 24, 20, "STOP")]
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
}
