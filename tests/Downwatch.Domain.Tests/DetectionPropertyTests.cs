using Downwatch.Domain.Observations;
using Downwatch.Domain.Status;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using static Downwatch.Domain.Tests.TestCatalog;

namespace Downwatch.Domain.Tests;

/// <summary>Invariants of the failure-rate rules over time: noise below the threshold never shows, a steady failure
/// rate gives a steady status.</summary>
public class DetectionPropertyTests
{
    /// <summary>Request number <c>i</c> fails when the steady share <paramref name="rate"/> of failures says so
    /// (failures spread evenly, starting at <paramref name="phase"/>).</summary>
    private static Func<int, bool> Steady(double rate, int phase) =>
        i => Math.Floor((i + phase + 1) * rate) > Math.Floor((i + phase) * rate);

    /// <summary>Probes of the API from <paramref name="from"/> to <paramref name="until"/> (minutes after the start)
    /// every <paramref name="everyMinutes"/>, with the scheduler's retry after a failure that follows a success.</summary>
    private static List<ProbeObservation> Timeline(DateTimeOffset start, int from, int until, int everyMinutes,
        IEnumerable<string> locations, Func<int, bool> fails)
    {
        var all = new List<ProbeObservation>();
        foreach (var location in locations)
        {
            var request = 0;
            var lastDown = false;
            for (var m = from; m < until; m += everyMinutes)
            {
                var at = start + TimeSpan.FromMinutes(m);
                var down = fails(request++);
                all.Add(Probe("api", location, Now - at, down ? ProbeOutcome.Down : ProbeOutcome.Up));
                if (down && !lastDown)
                {
                    down = fails(request++);
                    all.Add(Probe("api", location, Now - at - TimeSpan.FromSeconds(2), down ? ProbeOutcome.Down : ProbeOutcome.Up));
                }

                lastDown = down;
            }
        }

        return all;
    }

    private static List<ServiceStatus> StatusesOverTime(SignalSet signals, DateTimeOffset from, int minutes, EngineOptions options) =>
        Enumerable.Range(0, minutes + 1)
            .Select(m => new StatusEngine(new FakeTimeProvider(from + TimeSpan.FromMinutes(m)), options)
                .Assess(Service, signals).FindComponent("api")!.Status)
            .ToList();

    private static int Changes(IReadOnlyList<ServiceStatus> statuses) =>
        statuses.Zip(statuses.Skip(1)).Count(p => p.First != p.Second);

    [Property(MaxTest = 60)]
    public Property A_steady_failure_rate_below_the_enter_threshold_never_leaves_operational()
    {
        var gen =
            from windowMinutes in Gen.Elements(20, 30, 60)
            from enter in Gen.Elements(0.2, 0.3)
            from percent in Gen.Choose(0, 100)
            from phase in Gen.Choose(0, 50)
            from locations in Gen.Choose(1, 3)
            select (windowMinutes, enter, percent, phase, locations);
        return Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var options = new EngineOptions
            {
                Window = TimeSpan.FromMinutes(c.windowMinutes), RateSamples = c.windowMinutes, ErrorsEnterRate = c.enter,
                ErrorsLeaveRate = c.enter / 2, StaleAfterIntervals = 5,
            };
            // With m ≥ n − 1 results in the window, an evenly spread rate p shows at most p + 1/(n − 1): stay below the
            // enter threshold by that much (that is what "steady, below the threshold" can mean for a count).
            var rate = c.percent / 100.0 * (c.enter - 1.0 / (c.windowMinutes - 1) - 0.005);
            // Judged once the walk back (Lookback and one Window) lies inside the timeline: a start-up is not steady,
            // and 2 failures in 5 results is a rate of 40 %.
            var settled = (int)(options.Lookback + options.Window).TotalMinutes + 1;
            var start = Now - TimeSpan.FromMinutes(settled + 40);
            var probes = Timeline(start, 0, settled + 40, 1, Locations.Take(c.locations), Steady(Math.Max(rate, 0), c.phase));
            var statuses = StatusesOverTime(Signals(probes), start + TimeSpan.FromMinutes(settled), 39, options);
            return statuses.All(s => s == ServiceStatus.Operational)
                .Label($"rate {rate:0.000}: {string.Join(",", statuses.Distinct())}");
        });
    }

    [Property(MaxTest = 60)]
    public Property A_steady_half_failure_rate_gives_a_steady_non_operational_status_with_at_most_two_changes()
    {
        var gen =
            from every in Gen.Choose(1, 3)
            from phase in Gen.Choose(0, 7)
            from locations in Gen.Choose(1, 3)
            select (every, phase, locations);
        return Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var start = Now - TimeSpan.FromMinutes(120);
            var places = Locations.Take(c.locations).ToList();
            var probes = Timeline(start, 0, 30, c.every, places, _ => false)
                .Concat(Timeline(start, 30, 120, c.every, places, Steady(0.5, c.phase)))
                .ToList();
            var statuses = StatusesOverTime(Signals(probes), start + TimeSpan.FromMinutes(10), 110, EngineOptions.Default);
            var afterOnset = statuses.Skip(40).ToList(); // 20 minutes into the failures
            return (Changes(statuses) <= 2
                    && afterOnset.All(s => s != ServiceStatus.Operational && s != ServiceStatus.Unknown)
                    && afterOnset.Distinct().Count() == 1)
                .Label(string.Join(",", statuses));
        });
    }

    [Property(MaxTest = 200)]
    public Property Raising_the_failure_count_never_lowers_the_level_asked_for()
    {
        var gen =
            from current in Gen.Elements(Enum.GetValues<ErrorLevel>())
            from samples in Gen.Choose(1, 30)
            from failures in Gen.Choose(0, 30)
            select (current, samples, failures: Math.Min(failures, samples));
        return Prop.ForAll(gen.ToArbitrary(), c =>
            c.failures == c.samples
            || LocationWalk.Target(c.current, new RateWindow(c.samples, c.failures + 1, 0, 0, 0), EngineOptions.Default)
                >= LocationWalk.Target(c.current, new RateWindow(c.samples, c.failures, 0, 0, 0), EngineOptions.Default));
    }
}
