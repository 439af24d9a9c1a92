using Downwatch.Domain.History;
using Downwatch.Domain.Observations;
using Downwatch.Storage.Sql;

namespace Downwatch.Storage.Tests;

/// <summary>The contract for agent tokens and probe rollups.</summary>
public abstract partial class StoreContractTests
{
    [ContractFact]
    public async Task Agent_tokens_name_their_location_and_are_revocable()
    {
        var tokens = new SqlAgentTokenStore(_connections);
        var token = await tokens.IssueAsync("tokyo", Now);
        Assert.StartsWith("dwa_", token, StringComparison.Ordinal);
        Assert.Equal("tokyo", await tokens.AuthenticateAsync(token));
        Assert.Null(await tokens.AuthenticateAsync("dwa_made-up"));
        Assert.True(await tokens.RevokeAsync("tokyo", Now));
        Assert.Null(await tokens.AuthenticateAsync(token));
        Assert.Equal(["tokyo"], (await tokens.ListAsync()).Select(t => t.Name));
    }

    [ContractFact]
    public async Task Rollups_replace_their_period_round_trip_and_prune_by_start()
    {
        var store = new SqlRollupStore(_connections);
        var hour = new DateTimeOffset(2026, 11, 25, 11, 0, 0, TimeSpan.Zero);
        var probes = new[]
        {
            new ProbeObservation("openai", "api", "GET https://api.openai.com/v1/models", "eu-west", hour.AddMinutes(1), ProbeOutcome.Up, 180),
            new ProbeObservation("openai", "api", "GET https://api.openai.com/v1/models", "eu-west", hour.AddMinutes(2), ProbeOutcome.Down, 10_000, null, "timeout"),
            new ProbeObservation("openai", "api", "GET https://api.openai.com/v1/models", "us-east", hour.AddMinutes(3), ProbeOutcome.Up, 95),
        };
        Assert.Null(await store.ProgressAsync(RollupSpan.Hour));
        await store.ReplaceAsync(RollupSpan.Hour, hour, ProbeRollup.Hourly(probes));
        await store.ReplaceAsync(RollupSpan.Hour, hour, ProbeRollup.Hourly(probes)); // again: replaced, not added
        await store.ReplaceAsync(RollupSpan.Hour, hour - TimeSpan.FromDays(40), ProbeRollup.Hourly(probes.Select(p => p with { At = p.At - TimeSpan.FromDays(40) })));
        await store.SetProgressAsync(RollupSpan.Hour, hour.AddHours(1));
        await store.SetProgressAsync(RollupSpan.Hour, hour.AddHours(2));

        var read = await store.ReadAsync(RollupSpan.Hour, hour, hour.AddHours(1));
        Assert.Equal(2, read.Count);
        var eu = read.Single(r => r.Location == "eu-west");
        Assert.Equal((2, 0, 1), (eu.Probes, eu.Degraded, eu.Failures));
        Assert.Equal(new Dictionary<string, int> { ["timeout"] = 1 }, eu.FailureKinds);
        Assert.Equal(eu.Latency.ToBytes(), ProbeRollup.Hourly(probes).Single(r => r.Location == "eu-west").Latency.ToBytes());
        Assert.Empty(await store.ReadAsync(RollupSpan.Hour, hour, hour.AddHours(1), "anthropic"));
        Assert.Empty(await store.ReadAsync(RollupSpan.Day, hour, hour.AddHours(1)));
        Assert.Equal(hour.AddHours(2), await store.ProgressAsync(RollupSpan.Hour));

        Assert.Equal(2, await store.PruneAsync(RollupSpan.Hour, hour - TimeSpan.FromDays(35)));
        Assert.Equal(2, (await store.ReadAsync(RollupSpan.Hour, hour - TimeSpan.FromDays(50), hour.AddHours(1))).Count);
    }
}
