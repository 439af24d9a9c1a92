using Downwatch.Domain.Replay;

namespace Downwatch.Domain.Tests;

/// <summary>Every scenario of the library, pinned: the rules meet what was written down for it.</summary>
public class ScenarioLibraryTests
{
    public static TheoryData<string> Names() => [.. ScenarioLibrary.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void The_rules_meet_the_expectation(string name)
    {
        var scenario = ScenarioLibrary.All.Single(s => s.Name == name);
        var result = ScenarioScore.Run(scenario);
        if (scenario.Gap is null)
        {
            Assert.True(result.Passed, $"{name}: {string.Join("; ", result.Failures)}");
            return;
        }

        // A known gap: still detected, never a wrong "not you", and it misses only by the number of changes it names.
        Assert.True(result.Detected != false, name);
        Assert.Equal(0, result.GlobalHeadlines);
        Assert.Equal(0, result.FalseMinutes);
        Assert.All(result.Failures, f => Assert.Contains("status changes", f, StringComparison.Ordinal));
    }

    [Fact]
    public void The_library_covers_at_least_forty_cases_and_every_kind()
    {
        Assert.True(ScenarioLibrary.All.Count >= 40);
        Assert.Equal(ScenarioLibrary.All.Count, ScenarioLibrary.All.Select(s => s.Name).Distinct().Count());
        string[] kinds = ["healthy", "noise", "outage", "regional", "one-location", "intermittent", "slow", "vendor-only", "feed-lost", "offline", "reports"];
        Assert.All(kinds, k => Assert.Contains(ScenarioLibrary.All, s => s.Kind == k));
    }
}
