using System.Collections.Concurrent;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Inference;
using Downwatch.Domain.Observations;
using Downwatch.Probing.Inference;
using Downwatch.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Downwatch.Probing.Tests;

public sealed class InferenceSchedulerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Midnight = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);
    private FakeProviders _fake = default!;

    public async Task InitializeAsync() => _fake = await FakeProviders.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Theory]
    [InlineData(6, 1_000_000, 2, 5, 8 * 60)]      // 2 models share 6 requests a day: each every 8 h
    [InlineData(10_000, 10_000_000, 1, 5, 5)]     // a large budget keeps the configured 5 minutes
    [InlineData(10_000, 730, 1, 5, 144)]          // 730 tokens a day is 10 probes: one every 2.4 h
    [InlineData(0, 1_000, 3, 5, 24 * 60)]         // no requests allowed: once a day at most (and the reservation refuses it)
    public void A_keys_models_are_spread_to_fit_its_daily_budget(int requests, long tokens, int models, int minutes, int expectedMinutes)
    {
        var interval = InferenceScheduler.IntervalFor(new KeyBudget(requests, tokens), models, TimeSpan.FromMinutes(minutes));
        Assert.Equal(expectedMinutes, interval.TotalMinutes, 3);
    }

    [Fact]
    public async Task Models_are_asked_on_schedule_and_never_past_the_shared_budget()
    {
        var time = new FakeTimeProvider(Midnight);
        var budget = new CountingBudget();
        budget.Spend("team", 4); // another node spent 4 of the 6 requests today
        var sink = new CollectingSink();
        var stats = new InferenceStats();
        var keyBudget = new KeyBudget(6, 1_000_000);
        var targets = new[] { "m-1", "m-2" }.Select(m => new InferenceTarget(Target("openai-chat", m, "team"), keyBudget))
            .Append(new InferenceTarget(Target("anthropic-messages", "c-1", "other"), new KeyBudget(1000, 1_000_000)))
            .ToList();
        using var probe = InferenceProbeTests.Probe(new InferenceProbeOptions());
        using var scheduler = new InferenceScheduler(new Fixed(targets), budget, probe, sink, stats,
            Options.Create(new InferenceProbeOptions { Interval = TimeSpan.FromMinutes(5) }), Options.Create(new ProbingOptions { Location = "lab" }),
            time, NullLogger<InferenceScheduler>.Instance);
        await scheduler.StartAsync(CancellationToken.None);

        // Ten hours of fake time, ten minutes a look; each probe is a real streamed request to 127.0.0.1.
        var reached = await Eventually.ReachedAsync(() => Task.FromResult(time.GetUtcNow() >= Midnight.AddHours(10) && sink.Count("other") >= 50),
            betweenLooks: () =>
            {
                // Each slot that started has ended (probed or refused) before the clock moves on.
                if (time.GetUtcNow() < Midnight.AddHours(10) && stats.Finished >= stats.Started + stats.OverBudget)
                {
                    time.Advance(TimeSpan.FromMinutes(10));
                }
            });
        Assert.True(reached, $"ten hours of probes: at {time.GetUtcNow():HH:mm}, {sink.Count("other")} probes of c-1, {stats.Started} started, "
            + $"{stats.Finished} finished, {stats.OverBudget} over budget, {stats.Missed} missed");
        await Eventually.TrueAsync(() => sink.Probes.Count == _fake.TotalRequests, "every request sent is recorded");
        await scheduler.StopAsync(CancellationToken.None);

        Assert.Equal(6, budget.Requests("team"));
        Assert.Equal(2, sink.Count("team"));
        Assert.True(stats.OverBudget >= 1, "a refused reservation is counted");
        Assert.All(sink.Probes, p => Assert.Equal(ProbeOutcome.Up, p.Outcome));
        Assert.Contains(sink.Probes, p => p.Endpoint == InferenceEndpoint.For("c-1") && p.Service == "anthropic");
        // The provider's usage replaced the estimate: 27 input + 23 output tokens per OpenAI-compatible probe.
        Assert.Equal(2 * 50, budget.Tokens("team") - (4 * ProbePrompt.EstimatedTokens));
        Assert.Equal(_fake.TotalRequests, sink.Probes.Count);
    }

    private ProbeTarget Target(string format, string model, string key) =>
        new(format == "anthropic-messages" ? "anthropic" : "openai", "api", new ProbeEndpoint { Url = _fake.BaseUrl(format, "healthy"), Method = "POST" })
        {
            Inference = new InferenceSpec(format, _fake.BaseUrl(format, "healthy"), model, key, new ApiSecret("sk-x")),
        };

    private sealed class Fixed(IReadOnlyList<InferenceTarget> targets) : IInferenceAssignment
    {
        public Task<IReadOnlyList<InferenceTarget>> GetAsync(CancellationToken cancellationToken) => Task.FromResult(targets);
    }

    /// <summary>The budget's rule (never past either limit), in memory; the SQL stores keep the same rule in one statement.</summary>
    private sealed class CountingBudget : IInferenceBudget
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, (int Requests, long Tokens)> _spent = new(StringComparer.Ordinal);

        public void Spend(string key, int requests)
        {
            lock (_gate)
            {
                _spent[key] = (requests, requests * (long)ProbePrompt.EstimatedTokens);
            }
        }

        public int Requests(string key) => _spent.GetValueOrDefault(key).Requests;

        public long Tokens(string key) => _spent.GetValueOrDefault(key).Tokens;

        public Task<bool> TryReserveAsync(string keyName, KeyBudget budget, DateOnly day, long tokens, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                var (r, t) = _spent.GetValueOrDefault(keyName);
                if (r + 1 > budget.RequestsPerDay || t + tokens > budget.TokensPerDay)
                {
                    return Task.FromResult(false);
                }

                _spent[keyName] = (r + 1, t + tokens);
                return Task.FromResult(true);
            }
        }

        public Task SettleAsync(string keyName, DateOnly day, long estimated, long actual, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                var (r, t) = _spent[keyName];
                _spent[keyName] = (r, t - estimated + actual);
            }

            return Task.CompletedTask;
        }
    }

    private sealed class CollectingSink : IProbeResultSink
    {
        public ConcurrentQueue<ProbeObservation> Probes { get; } = new();

        public int Count(string key) => Probes.Count(p => key == "team" ? p.Service == "openai" : p.Service == "anthropic");

        public ValueTask WriteAsync(ProbeObservation result, CancellationToken cancellationToken)
        {
            Probes.Enqueue(result);
            return ValueTask.CompletedTask;
        }

        public ValueTask WriteAsync(LocationCheck check, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
