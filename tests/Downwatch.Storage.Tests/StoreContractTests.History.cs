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

        Assert.Equal(0, eu.FirstToken.Count);

        Assert.Equal(2, await store.PruneAsync(RollupSpan.Hour, hour - TimeSpan.FromDays(35)));
        Assert.Equal(2, (await store.ReadAsync(RollupSpan.Hour, hour - TimeSpan.FromDays(50), hour.AddHours(1))).Count);
    }

    [ContractFact]
    public async Task A_models_stream_speeds_round_trip_in_hourly_and_daily_rollups()
    {
        var store = new SqlRollupStore(_connections);
        var hour = new DateTimeOffset(2026, 11, 25, 11, 0, 0, TimeSpan.Zero);
        var answers = Enumerable.Range(0, 6).Select(i => new ProbeObservation("openai", "api", "model:gpt-4.1-mini", "eu-west", hour.AddMinutes(5 * i),
            i == 5 ? ProbeOutcome.Down : ProbeOutcome.Up, 900, 200, i == 5 ? "stream-stalled" : null,
            new ProbeDetails { Model = "gpt-4.1-mini", TtftMs = i == 5 ? null : 300 + (i * 50), TokensPerSecond = i == 5 ? null : 80 - i })).ToList();
        var hourly = ProbeRollup.Hourly(answers);
        await store.ReplaceAsync(RollupSpan.Hour, hour, hourly);
        await store.ReplaceAsync(RollupSpan.Day, ProbeRollup.DayOf(hour), ProbeRollup.Daily(hourly));

        var read = Assert.Single(await store.ReadAsync(RollupSpan.Hour, hour, hour.AddHours(1)));
        Assert.Equal((5L, 5L), (read.FirstToken.Count, read.TokenRate.Count));
        Assert.Equal(hourly[0].FirstToken.ToBytes(), read.FirstToken.ToBytes());
        Assert.Equal(hourly[0].TokenRate.ToBytes(), read.TokenRate.ToBytes());
        var day = Assert.Single(await store.ReadAsync(RollupSpan.Day, ProbeRollup.DayOf(hour), ProbeRollup.DayOf(hour).AddDays(1)));
        Assert.InRange(day.FirstToken.ToBaseline().Median, 350, 460);
        Assert.InRange(day.TokenRate.ToBaseline().Median, 70, 85);
    }

    [ContractFact]
    public async Task Packed_hours_read_back_as_they_were_merge_late_results_and_prune_whole_hours()
    {
        var store = new SqlObservationStore(_connections);
        var hour = new DateTimeOffset(2026, 11, 25, 11, 0, 0, TimeSpan.Zero);
        const string endpoint = "GET https://api.openai.com/v1/models";
        var details = new ProbeDetails
        {
            DnsMs = 1.25, ConnectMs = 10.5, TlsMs = 20.04, TtfbMs = 150.66, TlsProtocol = "Tls13", TlsIssuer = "CN=WE1", TlsDaysLeft = 61,
            ContentType = "application/json", RecognizedError = "authentication-failed", Detail = "answered 401 with invalid_api_key as expected",
            ResultId = "r-1",
        };
        var results = Enumerable.Range(0, 60).Select(m => new ProbeObservation("openai", "api", endpoint, m % 2 == 0 ? "eu-west" : "us-east",
            hour.AddMinutes(m).AddMilliseconds(m), m == 7 ? ProbeOutcome.Down : ProbeOutcome.Up, 100 + m + 0.04, m == 7 ? null : 401,
            m == 7 ? "timeout" : null, details with { ResultId = $"r-{m}" })).ToList();
        var next = new ProbeObservation("openai", "api", endpoint, "eu-west", hour.AddHours(1).AddMinutes(5), ProbeOutcome.Up, 99);
        await store.AppendAsync(new SignalSet([.. results, next], [], [], []));

        Assert.Equal(60, await store.PackAsync(hour));
        Assert.Equal(0, await store.PackAsync(hour)); // nothing raw is left in that hour

        var read = (await store.ReadAsync(hour - TimeSpan.FromMilliseconds(1), hour.AddHours(2))).Probes;
        Assert.Equal(61, read.Count);
        Assert.Equal(results.Select(r => r.At).Append(next.At), read.Select(r => r.At));
        var down = read.Single(r => r.Outcome == ProbeOutcome.Down);
        Assert.Equal(("us-east", "timeout", (int?)null, 107.0), (down.Location, down.ErrorKind, down.StatusCode, down.LatencyMs));
        var first = read[0];
        Assert.Equal(details with { ResultId = null, DnsMs = 1.3, TlsMs = 20.0, TtfbMs = 150.7 }, first.Details);
        Assert.Equal(100.0, first.LatencyMs); // a tenth of a millisecond is what is kept

        // The window reads a slice that starts inside a packed hour; a late result of that hour arrives and is packed in.
        Assert.Equal(30, (await store.ReadAsync(hour.AddMinutes(29).AddMilliseconds(29), hour.AddHours(1) - TimeSpan.FromMilliseconds(1))).Probes.Count);
        var late = new ProbeObservation("openai", "api", endpoint, "eu-west", hour.AddMinutes(59).AddSeconds(30), ProbeOutcome.Up, 120);
        await store.AppendAsync(new SignalSet([late, results[3]], [], [], [])); // one of them a result sent again
        Assert.Equal(61, (await store.ReadAsync(hour - TimeSpan.FromMilliseconds(1), hour.AddHours(1))).Probes.Count);
        Assert.Equal(2, await store.PackAsync(hour));
        Assert.Equal(61, (await store.ReadAsync(hour - TimeSpan.FromMilliseconds(1), hour.AddHours(1))).Probes.Count);
        Assert.Equal(hour, await store.OldestProbeAsync());

        Assert.Equal(0, await store.PruneAsync(hour.AddMinutes(59)));
        Assert.Equal(2, await store.PruneAsync(hour.AddHours(1).AddMinutes(1))); // both chunks of the hour, then the raw result after it
        Assert.Equal([next.At], (await store.ReadAsync(hour - TimeSpan.FromDays(1), hour.AddDays(1))).Probes.Select(p => p.At));
    }

    [ContractFact]
    public async Task Rollups_stored_before_the_series_table_read_back_the_same_after_it()
    {
        // A database as migration 8 left it: hourly and daily rollups keyed by name.
        await using var earlier = await EarlierDatabaseAsync(8);
        var hour = new DateTimeOffset(2026, 11, 25, 11, 0, 0, TimeSpan.Zero);
        await using (var connection = await earlier.Connections.OpenAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(connection,
                "INSERT INTO probe_hourly (service, component, endpoint, location, start, probes, degraded, failures, failure_kinds, latency) " +
                "VALUES ('openai', 'api', 'GET https://api.openai.com/v1/models', 'eu-west', @Start, 60, 1, 2, 'timeout:2', @Latency)",
                new { Start = hour.ToUnixTimeMilliseconds(), Latency = new LatencyHistogram().ToBytes() });
        }

        new DatabaseMigrator(earlier.Connections).MigrateUp();
        var read = Assert.Single(await new SqlRollupStore(earlier.Connections).ReadAsync(RollupSpan.Hour, hour, hour.AddHours(1), "openai"));
        Assert.Equal(("GET https://api.openai.com/v1/models", "eu-west", 60, 1, 2, 2), (read.Endpoint, read.Location, read.Probes, read.Degraded, read.Failures, read.FailureKinds["timeout"]));
    }
}
