using Downwatch.Domain.Observations;
using Downwatch.Domain.Reports;
using Downwatch.Domain.Status;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using static Downwatch.Domain.Tests.TestCatalog;

namespace Downwatch.Domain.Tests.Reports;

/// <summary>Rolling report windows, the hour-of-week baseline, top problem types and the 24-hour chart.</summary>
public class ReportActivityTests
{
    private static readonly EngineOptions Options = new();

    private static CommunityReport Report(TimeSpan ago, string reporter, string category = "api-errors") =>
        new("acme", Now - ago, reporter, category);

    [Fact]
    public void Counts_distinct_problem_reporters_in_each_rolling_window()
    {
        var reports = new[]
        {
            Report(TimeSpan.FromMinutes(5), "a"), Report(TimeSpan.FromMinutes(6), "a"), Report(TimeSpan.FromMinutes(10), "b"),
            Report(TimeSpan.FromMinutes(40), "c"), Report(TimeSpan.FromHours(5), "d"), Report(TimeSpan.FromHours(30), "e"),
            Report(TimeSpan.FromMinutes(3), "f", ReportCategories.WorksForMe),
        };
        var activity = ReportActivity.Evaluate(reports, Now, Options);
        Assert.Equal([2, 3, 4], activity.Windows.Select(w => w.DistinctReporters));
        Assert.Equal(1, activity.WorksForMeLastHour);
    }

    [Fact]
    public void The_usual_level_comes_from_the_same_hour_in_past_weeks_and_a_busy_hour_there_raises_the_bar()
    {
        var pastWeeks = Enumerable.Range(1, 4).SelectMany(week => Enumerable.Range(0, 20)
            .Select(i => Report(TimeSpan.FromDays(7 * week) + TimeSpan.FromMinutes(i + 1), $"w{week}-{i}")));
        var now = Enumerable.Range(0, 12).Select(i => Report(TimeSpan.FromMinutes(i + 1), $"n{i}"));
        var activity = ReportActivity.Evaluate([.. pastWeeks, .. now], Now, Options);
        var hour = activity.LastHour;
        Assert.Equal(20, hour.Baseline.Median);
        Assert.Equal(12, hour.DistinctReporters);
        Assert.False(hour.IsAboveUsual);

        var quiet = ReportActivity.Evaluate([.. now], Now, Options).LastHour;
        Assert.Equal(0, quiet.Baseline.Median);
        Assert.True(quiet.IsAboveUsual);
    }

    [Fact]
    public void A_quiet_service_needs_the_minimum_number_of_distinct_reporters()
    {
        var four = Enumerable.Range(0, 4).Select(i => Report(TimeSpan.FromMinutes(i + 1), $"r{i}")).ToList();
        Assert.False(ReportActivity.Evaluate(four, Now, Options).LastHour.IsAboveUsual);
        Assert.True(ReportActivity.Evaluate([.. four, Report(TimeSpan.FromMinutes(9), "r9")], Now, Options).LastHour.IsAboveUsual);
    }

    [Fact]
    public void Top_problem_types_are_ordered_by_distinct_reporters_and_exclude_works_for_me()
    {
        var reports = new[]
        {
            Report(TimeSpan.FromMinutes(1), "a", "slow"), Report(TimeSpan.FromMinutes(2), "b", "slow"),
            Report(TimeSpan.FromMinutes(3), "c", "rate-limited"), Report(TimeSpan.FromMinutes(4), "c", "rate-limited"),
            Report(TimeSpan.FromMinutes(5), "d", ReportCategories.WorksForMe), Report(TimeSpan.FromMinutes(6), "e", ReportCategories.WorksForMe),
        };
        var top = ReportActivity.Evaluate(reports, Now, Options).TopProblems;
        Assert.Equal([("slow", 2), ("rate-limited", 1)], top.Select(t => (t.Category, t.DistinctReporters)));
        Assert.Equal("Slow or timing out", top[0].Label);
    }

    [Fact]
    public void Works_for_me_answers_never_make_a_spike()
    {
        var reports = Enumerable.Range(0, 50).Select(i => Report(TimeSpan.FromMinutes(i % 10), $"r{i}", ReportCategories.WorksForMe)).ToList();
        Assert.False(ReportSignal.Evaluate(reports, Now, Options).IsSpike);
        var a = new StatusEngine(new FakeTimeProvider(Now)).Assess(Service, Signals(Series("api", ProbeOutcome.Up, Locations), reports: reports));
        Assert.Equal(ServiceStatus.Operational, a.Status);
    }

    [Fact]
    public void The_chart_has_one_bar_per_hour_and_the_newest_hour_last()
    {
        var activity = ReportActivity.Evaluate([Report(TimeSpan.FromMinutes(30), "a"), Report(TimeSpan.FromHours(3.5), "b")], Now, Options);
        Assert.Equal(24, activity.Hours.Count);
        Assert.Equal(Now, activity.Hours[^1].End);
        Assert.Equal(1, activity.Hours[^1].DistinctReporters);
        Assert.Equal(1, activity.Hours[^4].DistinctReporters);
        var chart = ReportChart.From(activity.Hours);
        Assert.Equal(24, chart.Bars.Count);
        Assert.Equal(24, chart.UsualLine.Split(' ').Length);
        Assert.Equal(chart.Height, chart.Bars[0].Y);
        Assert.True(chart.Bars[^1].Height > 0);
    }

    private static Gen<CommunityReport> ReportGen =>
        from minutes in Gen.Choose(0, 29 * 24 * 60)
        from reporter in Gen.Choose(0, 40)
        from category in Gen.Elements("api-errors", "slow", "login", ReportCategories.WorksForMe)
        select Report(TimeSpan.FromMinutes(minutes), $"r{reporter}", category);

    [Property(MaxTest = 200)]
    public Property Counts_never_exceed_distinct_reporters_and_widen_with_the_window() =>
        Prop.ForAll(Gen.ListOf(ReportGen).ToArbitrary(), reports =>
        {
            var activity = ReportActivity.Evaluate(reports, Now, Options);
            var distinct = reports.Select(r => r.Reporter).Distinct().Count();
            var counts = activity.Windows.Select(w => w.DistinctReporters).ToList();
            return counts.All(c => c <= distinct)
                && counts[0] <= counts[1] && counts[1] <= counts[2]
                && activity.Windows.All(w => w.Threshold >= Options.MinDistinctReporters)
                && activity.Hours.Count == 24
                && activity.TopProblems.All(t => t.Category != ReportCategories.WorksForMe);
        });

    [Property(MaxTest = 200)]
    public Property One_reporter_repeating_never_crosses_the_floor() =>
        Prop.ForAll(Gen.ListOf(ReportGen).ToArbitrary(), reports =>
        {
            var same = reports.Select(r => r with { Reporter = "one-client" }).ToList();
            return !ReportSignal.Evaluate(same, Now, Options).IsSpike
                && ReportActivity.Evaluate(same, Now, Options).Windows.All(w => !w.IsAboveUsual);
        });
}
