using Downwatch.Domain.Baselines;
using Downwatch.Domain.History;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Status;
using Downwatch.Status.History;
using Downwatch.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Downwatch.Status.Tests;

/// <summary>Four weeks of probe history reach the engine through rollups, on a real SQLite file, across restarts.</summary>
public sealed class ProbeHistoryTests : IDisposable
{
    private static readonly string[] Locations = ["eu-west", "us-east", "ap-south"];
    private readonly string _directory = Directory.CreateTempSubdirectory("downwatch-history").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 10, 30, 0, TimeSpan.Zero)); // a Monday

    private string Database => Path.Combine(_directory, "d.db");

    public void Dispose() => Directory.Delete(_directory, true);

    /// <summary>28 days of results every 10 minutes from three locations: ~200 ms at this hour of the week, ~1,000 ms otherwise.</summary>
    private SignalSet FourWeeks()
    {
        var now = _time.GetUtcNow();
        var probes = new List<ProbeObservation>();
        for (var at = ProbeRollup.HourOf(now) - TimeSpan.FromDays(28); at < now - TimeSpan.FromMinutes(15); at += TimeSpan.FromMinutes(10))
        {
            var usual = RobustStatistics.HourOfWeek(at) == RobustStatistics.HourOfWeek(now) ? 200 : 1000;
            probes.AddRange(Locations.Select(l => StatusCore.Probe(l, at, usual + at.Minute)));
        }

        return new SignalSet(probes, [], [], []);
    }

    private static async Task CatchUpAsync(ProbeHistory history)
    {
        for (var i = 0; i < 30; i++)
        {
            await history.RunAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_slow_answer_at_an_hour_that_is_usually_fast_is_degraded_from_four_weeks_of_rollups()
    {
        using var core = new StatusCore(Database, _time);
        await core.Get<IObservationStore>().AppendAsync(FourWeeks());
        // Now every location answers correctly, three times (k of n), in 700 ms: slow for this hour of the week, fast for any other.
        var now = _time.GetUtcNow();
        await core.Get<IObservationStore>().AppendAsync(new SignalSet(
            Locations.SelectMany(l => new[] { StatusCore.Probe(l, now.AddMinutes(-6), 700), StatusCore.Probe(l, now.AddMinutes(-3), 700), StatusCore.Probe(l, now.AddMinutes(-1), 700) }).ToList(), [], [], []));

        var history = core.Get<ProbeHistory>();
        await CatchUpAsync(history);
        Assert.True(await core.Get<Storage.Cluster.ILeadership>().RenewAsync(CancellationToken.None));
        Assert.True(await core.Get<AssessmentCycle>().RunAsync(TimeSpan.FromMinutes(1), CancellationToken.None));

        var acme = core.Get<StatusBoard>().Find("acme")!;
        Assert.Equal(ServiceStatus.Degraded, acme.Status);
        Assert.Contains(acme.Components[0].Evidence, e => e.Text.Contains("answered slowly at 3 of 3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Raw_results_are_pruned_only_once_rolled_up_and_rollups_survive_a_restart_without_double_counting()
    {
        var now = _time.GetUtcNow();
        var seeded = FourWeeks();
        using (var first = new StatusCore(Database, _time))
        {
            await first.Get<IObservationStore>().AppendAsync(seeded);
            // One call rolls up at most MaxHoursPerCall hours: raw results past retention but not yet rolled up stay.
            await first.Get<ProbeHistory>().RunAsync(CancellationToken.None);
            var progress = await first.Get<IRollupStore>().ProgressAsync(RollupSpan.Hour);
            Assert.Equal(seeded.Probes.Min(p => p.At) + TimeSpan.FromHours(ProbeHistory.MaxHoursPerCall), progress);
            Assert.Equal(progress, await first.Get<IObservationStore>().OldestProbeAsync());
        }

        using var second = new StatusCore(Database, _time);
        await CatchUpAsync(second.Get<ProbeHistory>());
        _time.Advance(TimeSpan.FromMinutes(61)); // pruning runs at most once an hour
        await second.Get<ProbeHistory>().RunAsync(CancellationToken.None);
        now = _time.GetUtcNow();
        var rollups = second.Get<IRollupStore>();
        var hourly = await rollups.ReadAsync(RollupSpan.Hour, now - TimeSpan.FromDays(40), now);
        var rolledUpTo = await rollups.ProgressAsync(RollupSpan.Hour);
        Assert.Equal(ProbeRollup.HourOf(now - ProbeHistory.Grace), rolledUpTo);
        Assert.Equal(seeded.Probes.Count(p => p.At < rolledUpTo), hourly.Sum(r => r.Probes));

        var daily = await rollups.ReadAsync(RollupSpan.Day, now - TimeSpan.FromDays(40), now);
        Assert.Equal(28, daily.Select(d => d.Start).Distinct().Count());
        Assert.Equal(hourly.Where(h => h.Start < ProbeRollup.DayOf(now)).Sum(h => h.Probes), daily.Sum(d => d.Probes));

        // Raw results past the 14-day retention are gone (packed hours whole: the hour holding the cutoff stays); their
        // history is in the rollups.
        var oldestRaw = await second.Get<IObservationStore>().OldestProbeAsync();
        Assert.Equal(ProbeRollup.HourOf(now - TimeSpan.FromDays(14)), oldestRaw);
        Assert.True(hourly.Min(h => h.Start) < now - TimeSpan.FromDays(27));

        // Rolling the same hour up again replaces it: nothing is counted twice.
        var hour = ProbeRollup.HourOf(now) - TimeSpan.FromHours(3);
        var before = hourly.Where(h => h.Start == hour).Sum(h => h.Probes);
        var raw = await second.Get<IObservationStore>().ReadAsync(hour - TimeSpan.FromMilliseconds(1), hour + TimeSpan.FromHours(1) - TimeSpan.FromMilliseconds(1));
        await rollups.ReplaceAsync(RollupSpan.Hour, hour, ProbeRollup.Hourly(raw.Probes));
        Assert.Equal(before, (await rollups.ReadAsync(RollupSpan.Hour, hour, hour + TimeSpan.FromHours(1))).Sum(h => h.Probes));
    }

    [Fact]
    public void Bad_engine_settings_stop_start_up_naming_the_key()
    {
        using var core = new StatusCore(Database, _time, ("Status:Engine:Window", "00:00:00"), ("Status:Engine:BaselineWeeks", "9"));
        var e = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => core.Get<StatusEngine>());
        Assert.Contains("Status:Engine:Window must be between", e.Message, StringComparison.Ordinal);
        Assert.Contains("Status:Engine:BaselineWeeks must be between 1 and 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_window_keeps_what_the_rules_read_and_no_more()
    {
        using var core = new StatusCore(Database, _time, ("Status:Engine:Window", "00:30:00"));
        var window = core.Get<ObservationWindow>();
        Assert.Equal(TimeSpan.FromMinutes(125), window.ProbeRetention); // walked back three windows, plus one rate window, and 5 minutes
        Assert.Equal(TimeSpan.FromDays(29), window.ReportRetention);
    }
}
