using System.Diagnostics;
using System.Globalization;
using System.Net;
using Downwatch.Catalog;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;
using Downwatch.Probing;
using Downwatch.Probing.Http;
using Downwatch.Probing.Inference;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Downwatch.Bench;

/// <summary>
/// CPU of one inference probe (a streamed chat completion, read and judged) against the plain HTTP probe of the front
/// door, in one run, against an upstream in another process on 127.0.0.1 so that only the probing side is counted.
/// Blocks of each kind alternate (A B A B …) so that a noisy neighbour weighs on both alike. Reports CPU per probe, the
/// ratio, CPU per streamed token, and what 500 models × 3 locations every 5 minutes cost in one process.
/// </summary>
internal static class InferenceCpu
{
    private const int Concurrency = 8;
    private const int Blocks = 6;

    public static async Task<int> RunAsync(int probesPerBlock)
    {
        using var upstream = ProbeLoad.StartUpstreamProcess(out var port);
        var catalog = CatalogLoader.LoadDirectory(BenchPaths.Catalog);
        HostResolve loopback = (host, ct) => ValueTask.FromResult(new[] { IPAddress.Loopback });
        using var http = new HttpProbe(Options.Create(new HttpProbeOptions()), new ErrorSignatureIndex(catalog), TimeProvider.System, loopback);
        using var inference = new InferenceProbe(Options.Create(new InferenceProbeOptions()), Options.Create(new HttpProbeOptions()),
            new ErrorSignatureIndex(catalog), TimeProvider.System, loopback);
        var front = new ProbeTarget("bench", "api", new ProbeEndpoint { Url = $"http://127.0.0.1:{port}/v1/models", Expect = [401], ExpectError = "authentication-failed" });
        var model = new ProbeTarget("bench", "api", new ProbeEndpoint { Url = $"http://127.0.0.1:{port}/v1" })
        {
            Inference = new InferenceSpec("openai-chat", $"http://127.0.0.1:{port}/v1", "gpt-4.1-mini", "bench", new ApiSecret("sk-bench")),
        };
        Console.WriteLine($"upstream pid {upstream.Id} on port {port}; {Blocks} alternating blocks of {probesPerBlock} probes each, {Concurrency} at a time; {Environment.ProcessorCount} cores");

        // Warm both paths (JIT, connection setup) before anything is counted.
        await BlockAsync(http, front, 200);
        await BlockAsync(inference, model, 200);
        var (httpCpu, inferenceCpu, tokens, wrong) = (0.0, 0.0, 0L, 0L);
        for (var block = 0; block < Blocks; block++)
        {
            var h = await BlockAsync(http, front, probesPerBlock);
            var i = await BlockAsync(inference, model, probesPerBlock);
            httpCpu += h.CpuMs;
            inferenceCpu += i.CpuMs;
            tokens += i.Tokens;
            wrong += h.NotUp + i.NotUp;
        }

        upstream.Kill(true);
        var probes = (double)probesPerBlock * Blocks;
        var perHttp = httpCpu / probes;
        var perInference = inferenceCpu / probes;
        var perToken = (perInference - perHttp) / (tokens / probes);
        // 500 models × 3 locations every 5 minutes: 1,500 streamed probes per 300 s if one process asked them all.
        var share = 1500 / 300.0 * perInference / 1000 * 100;
        Console.WriteLine();
        Console.WriteLine("| probe | probes | CPU ms per probe | ratio to the HTTP probe | tokens per stream | CPU µs per streamed token | 500 models × 3 locations / 5 min |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| HTTP probe (front door, 401 expected) | {probes:0} | {perHttp:0.000} | 1.00 | – | – | – |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| inference probe (openai-chat, streamed, judged) | {probes:0} | {perInference:0.000} | {perInference / perHttp:0.00} | {tokens / probes:0} | {perToken * 1000:0} | {share:0.00} % of one core |"));
        Console.WriteLine($"probes not Up (must be 0): {wrong}");
        return wrong == 0 ? 0 : 1;
    }

    private static async Task<(double CpuMs, long Tokens, long NotUp)> BlockAsync(IProbe probe, ProbeTarget target, int count)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.TotalProcessorTime;
        long tokens = 0, notUp = 0, next = -1;
        var workers = Enumerable.Range(0, Concurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                var result = await probe.ProbeAsync(target, "bench", CancellationToken.None);
                Interlocked.Add(ref tokens, result.Details?.OutputTokens ?? 0);
                if (result.Outcome != ProbeOutcome.Up)
                {
                    Interlocked.Increment(ref notUp);
                }
            }
        }));
        await Task.WhenAll(workers);
        process.Refresh();
        return ((process.TotalProcessorTime - before).TotalMilliseconds, tokens, notUp);
    }

    /// <summary>The upstream's side: an OpenAI chat.completion.chunk stream counting 1 to 12, a stop, the usage, [DONE].</summary>
    public static async Task StreamAsync(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        var body = context.Response.Body;
        await context.Request.Body.CopyToAsync(Stream.Null);
        const string head = """data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1733300000,"model":"gpt-4.1-mini","choices":[{"index":0,"delta":""";
        await WriteAsync(body, head + """{"role":"assistant","content":""},"finish_reason":null}]}""" + "\n\n");
        for (var i = 1; i <= 12; i++)
        {
            await WriteAsync(body, head + $$"""{"content":"{{(i == 1 ? "" : " ")}}{{i}}"},"finish_reason":null}]}""" + "\n\n");
        }

        await WriteAsync(body, head + """{},"finish_reason":"stop"}]}""" + "\n\n");
        await WriteAsync(body, """data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1733300000,"model":"gpt-4.1-mini","choices":[],"usage":{"prompt_tokens":27,"completion_tokens":23,"total_tokens":50}}""" + "\n\ndata: [DONE]\n\n");
    }

    private static async Task WriteAsync(Stream body, string text)
    {
        await body.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text));
        await body.FlushAsync();
    }
}
