using System.Globalization;
using Downwatch.Domain.Replay;

namespace Downwatch.Bench;

/// <summary><c>scenarios</c>: scores the status rules on every scenario of the library and prints the table for
/// BENCHMARKS.md; exits 1 when a scenario misses its expectation.</summary>
public static class ScenarioBench
{
    /// <summary>With a scenario name: that scenario's status, diagnosis and confidence minute by minute.</summary>
    public static int Run(string? name = null)
    {
        if (name is not null)
        {
            return Trace(name);
        }

        var results = ScenarioLibrary.All.Select(s => ScenarioScore.Run(s)).ToList();
        Console.WriteLine("| scenario | kind | expected | worst seen | detected | delay (min) | false minutes | changes | 'global' where not allowed | lag (min) | result |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in results)
        {
            var e = r.Scenario.Expect;
            var expected = e.Least == e.Most ? $"{e.Least}" : $"{e.Least}..{e.Most}";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Scenario.Name} | {r.Scenario.Kind} | {expected} | {r.Worst} | {(r.Detected is { } d ? d ? "yes" : "NO" : "–")} | {r.DelayMinutes?.ToString("0", CultureInfo.InvariantCulture) ?? "–"} | {r.FalseMinutes} | {r.Changes} | {r.GlobalHeadlines} | {r.LagMinutes?.ToString("+0;-0;0", CultureInfo.InvariantCulture) ?? "–"} | {(r.Passed ? "pass" : (r.Scenario.Gap is null ? "FAIL: " : "known gap: ") + string.Join("; ", r.Failures))} |"));
        }

        var outages = results.Where(r => r.Detected is not null).ToList();
        var delays = outages.Where(r => r.DelayMinutes is not null).Select(r => r.DelayMinutes!.Value).Order().ToList();
        var healthy = results.Where(r => r.Scenario.Kind is "healthy" or "offline" && r.Scenario.Expect.Most == Domain.Status.ServiceStatus.Operational).ToList();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{results.Count(r => r.Passed)} of {results.Count} scenarios pass; detected {outages.Count(r => r.Detected == true)} of {outages.Count} with something to detect " +
            $"(median delay {(delays.Count == 0 ? 0 : delays[delays.Count / 2]):0} min, max {(delays.Count == 0 ? 0 : delays[^1]):0}); " +
            $"most changes in one scenario {results.Max(r => r.Changes)}; 'global outage' minutes where not allowed {results.Sum(r => r.GlobalHeadlines)}; " +
            $"false non-operational minutes in healthy and offline-location scenarios {healthy.Sum(r => r.FalseMinutes)}."));
        return results.All(r => r.Passed || r.Scenario.Gap is not null) ? 0 : 1;
    }

    private static int Trace(string name)
    {
        var scenario = ScenarioLibrary.All.FirstOrDefault(s => s.Name == name);
        if (scenario is null)
        {
            Console.Error.WriteLine($"No scenario named '{name}'.");
            return 2;
        }

        foreach (var (minute, a) in ScenarioScore.Trace(scenario))
        {
            var components = string.Join(" ", a.Components.Select(c => $"{c.Component}={c.Status}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{minute,5:0} {a.Status,-14} {a.Diagnosis,-16} {a.Confidence,-6} {components}"));
        }

        Console.WriteLine(string.Join("; ", ScenarioScore.Run(scenario).Failures));
        return 0;
    }
}
