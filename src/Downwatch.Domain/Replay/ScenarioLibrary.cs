using Downwatch.Domain.Observations;
using Downwatch.Domain.Status;
using static Downwatch.Domain.Replay.ScenarioTimeline;

namespace Downwatch.Domain.Replay;

/// <summary>What a careful on-call engineer would conclude from a scenario, written down before running it.</summary>
/// <param name="Least">During the problem (once the rules have had a window to see it) the status is at least this;
/// Operational means "nothing to detect".</param>
/// <param name="Most">The status never goes above this, at any time.</param>
/// <param name="GlobalAllowed">Whether "global outage — not you" may be said at all.</param>
/// <param name="MaxChanges">Most changes of the service's status over the whole run.</param>
public sealed record ScenarioExpectation(ServiceStatus Least, ServiceStatus Most, bool GlobalAllowed, int MaxChanges = 2);

/// <summary>One scenario: a timeline, when its problem starts and ends (minutes), and the expectation.</summary>
/// <param name="Gap">Set when the rules are known to miss part of the expectation: what they miss, kept in view.</param>
public sealed record Scenario(string Name, string Kind, SignalSet Signals, DateTimeOffset Start, double Minutes,
    double? ProblemFrom, double? ProblemUntil, ScenarioExpectation Expect, double? VendorPostedAt = null, string? Gap = null);

/// <summary>The scenario library: every case the status rules must get right, each with its expected statuses.</summary>
public static class ScenarioLibrary
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private const double Minutes = 150;
    private static readonly string[] Both = ["api", "web"];

    private static ScenarioTimeline New() => new(Start);

    private static Func<int, double, bool> Between(double from, double until) => (_, m) => m >= from && m < until;

    private static Func<int, double, bool> Rate(double rate, double from, double until) =>
        (n, m) => m >= from && m < until && Math.Floor((n + 1) * rate) > Math.Floor(n * rate);

    private static Func<int, double, bool> Random(double rate, double from, double until, int seed)
    {
        var random = new System.Random(seed);
        return (_, m) => random.NextDouble() < rate && m >= from && m < until;
    }

    private static ScenarioTimeline Healthy(this ScenarioTimeline t, string[]? locations = null, double from = 0, double until = Minutes)
    {
        foreach (var c in Both)
        {
            t.Probes(c, locations ?? AllLocations, from, until, (_, _) => false);
        }

        return t;
    }

    private static ScenarioTimeline Failing(this ScenarioTimeline t, Func<int, double, bool> fails, string[]? components = null,
        string[]? locations = null, double from = 0, double until = Minutes, Func<double, double>? latency = null)
    {
        foreach (var c in components ?? Both)
        {
            t.Probes(c, locations ?? AllLocations, from, until, fails, latency: latency);
        }

        return t;
    }

    private static ScenarioExpectation Nothing => new(ServiceStatus.Operational, ServiceStatus.Operational, false, 0);

    private static Scenario Make(string name, string kind, ScenarioTimeline t, double? from, double? until,
        ScenarioExpectation expect, double? vendorPosted = null) =>
        new(name, kind, t.ToSignals(), Start, Minutes, from, until, expect, vendorPosted);

    public static IReadOnlyList<Scenario> All { get; } = Build();

    private static List<Scenario> Build()
    {
        var major = new ScenarioExpectation(ServiceStatus.MajorOutage, ServiceStatus.MajorOutage, true);
        var partial = new ScenarioExpectation(ServiceStatus.PartialOutage, ServiceStatus.PartialOutage, true);
        var degradedNoGlobal = new ScenarioExpectation(ServiceStatus.Degraded, ServiceStatus.Degraded, false);
        var list = new List<Scenario>
        {
            // Healthy and noise: nothing to detect, not one false minute.
            Make("healthy, three locations", "healthy", New().Healthy(), null, null, Nothing),
            Make("healthy, one location", "healthy", New().Healthy(["eu-west"]), null, null, Nothing),
            Make("healthy, provider says operational", "healthy", New().Healthy().Vendor(0, Minutes, VendorStatus.Operational), null, null, Nothing),
            Make("one failed probe, its retry fine", "noise", New().Failing((n, m) => m is >= 60 and < 61 && n % 2 == 0), null, null, Nothing),
            Make("intermittent 10 %", "noise", New().Failing(Rate(0.10, 30, 120)), null, null, Nothing),
            Make("intermittent 10 %, random", "noise", New().Failing(Random(0.10, 30, 120, 7)), null, null,
                new(ServiceStatus.Operational, ServiceStatus.Degraded, false, 4)),
            Make("one slow answer per location", "noise", New().Failing((_, _) => false, latency: m => m is >= 60 and < 62 ? 3000 : 200), null, null, Nothing),
            Make("slow at one location of three", "noise", New().Healthy(["us-east", "ap-south"])
                .Failing((_, _) => false, locations: ["eu-west"], latency: m => m is >= 60 and < 90 ? 2000 : 200), null, null, Nothing),

            // Hard outages.
            Make("hard outage, every surface", "outage", New().Failing(Between(60, 90)), 60, 90, major),
            Make("hard outage, API only", "outage", New().Failing(Between(60, 90), ["api"]).Failing((_, _) => false, ["web"]), 60, 90, partial),
            Make("hard outage, web app only", "outage", New().Failing(Between(60, 90), ["web"]).Failing((_, _) => false, ["api"]), 60, 90, partial),
            Make("hard outage, 6 minutes", "outage", New().Failing(Between(60, 66)), 60, 66, major),
            Make("hard outage, provider posts 10 min late", "outage", New().Failing(Between(60, 90))
                .Vendor(0, 70, VendorStatus.Operational).Vendor(70, 95, VendorStatus.MajorOutage, title: "Elevated errors").Vendor(95, Minutes, VendorStatus.Operational),
                60, 90, major with { MaxChanges = 2 }, 70),
            Make("hard outage, provider posts 30 min late", "outage", New().Failing(Between(60, 100))
                .Vendor(0, 90, VendorStatus.Operational).Vendor(90, 105, VendorStatus.MajorOutage).Vendor(105, Minutes, VendorStatus.Operational),
                60, 100, major, 90),
            Make("hard outage, provider posts first", "outage", New().Failing(Between(60, 90))
                .Vendor(0, 58, VendorStatus.Operational).Vendor(58, 92, VendorStatus.MajorOutage).Vendor(92, Minutes, VendorStatus.Operational),
                58, 90, major, 58),
            Make("hard outage, provider never posts", "outage", New().Failing(Between(60, 90)).Vendor(0, Minutes, VendorStatus.Operational), 60, 90, major),
            Make("hard outage from the first probe (cold start)", "outage", New().Failing(Between(0, 30)), 0, 30, major),
            Make("hard outage, then a relapse", "outage", New().Failing((_, m) => m is >= 40 and < 55 or >= 95 and < 110), 40, 110,
                new(ServiceStatus.Operational, ServiceStatus.MajorOutage, true, 4)),

            // Partial by region, one location broken.
            Make("one region of three fails", "regional", New().Healthy(["us-east", "ap-south"]).Failing(Between(60, 90), locations: ["eu-west"]),
                60, 90, degradedNoGlobal),
            Make("two regions of three fail", "regional", New().Healthy(["ap-south"]).Failing(Between(60, 90), locations: ["eu-west", "us-east"]),
                60, 90, major),
            Make("one location broken, the only one", "one-location", New().Failing(Between(60, 90), locations: ["eu-west"]), 60, 90,
                new(ServiceStatus.MajorOutage, ServiceStatus.MajorOutage, false)),
            Make("one location broken, API only, the only one", "one-location", New().Failing(Between(60, 90), ["api"], ["eu-west"])
                .Failing((_, _) => false, ["web"], ["eu-west"]), 60, 90, new(ServiceStatus.PartialOutage, ServiceStatus.PartialOutage, false)),
            Make("one location and the provider agree", "one-location", New().Failing(Between(60, 90), locations: ["eu-west"])
                .Vendor(0, 63, VendorStatus.Operational).Vendor(63, 90, VendorStatus.MajorOutage).Vendor(90, Minutes, VendorStatus.Operational),
                60, 90, major, 63),

            // Intermittent failure.
            Make("intermittent 30 %", "intermittent", New().Failing(Rate(0.30, 60, 120)), 60, 120, degradedNoGlobal),
            Make("intermittent 50 %", "intermittent", New().Failing(Rate(0.50, 60, 120)), 60, 120, major),
            Make("every other request fails (retries succeed)", "intermittent", New().Failing((n, m) => m is >= 60 and < 120 && n % 2 == 0), 60, 120, major),
            Make("intermittent 30 %, random", "intermittent", New().Failing(Random(0.30, 60, 120, 11)), 60, 120,
                new(ServiceStatus.Degraded, ServiceStatus.MajorOutage, true, 4)) with
            {
                Gap = "random failures over 5 to 10 results per window swing the rate past the failing thresholds: the two components move apart and the headline changes more than 4 times",
            },
            Make("intermittent 50 %, random", "intermittent", New().Failing(Random(0.50, 60, 120, 13)), 60, 120,
                new(ServiceStatus.Degraded, ServiceStatus.MajorOutage, true, 4)) with
            {
                Gap = "as at 30 %: the headline moves between partial and major outage as each component's rate swings",
            },
            Make("failing in alternate 3-minute spells", "intermittent", New().Failing((_, m) => m is >= 60 and < 120 && (int)(m / 3) % 2 == 0), 60, 120,
                new(ServiceStatus.Degraded, ServiceStatus.MajorOutage, true, 2)),
            Make("down 5 minutes, up 5 minutes", "intermittent", New().Failing((_, m) => m is >= 60 and < 120 && (int)(m / 5) % 2 == 0), 60, 120,
                new(ServiceStatus.Degraded, ServiceStatus.MajorOutage, true, 2)),

            // Slowness.
            SlowScenario("slow 2×, no baseline (cold start)", 2, false),
            SlowScenario("slow 4×, no baseline (cold start)", 4, false),
            SlowScenario("slow 2×, learned baseline", 2, true),
            SlowScenario("slow 4×, learned baseline", 4, true),

            // The provider's word alone.
            Make("provider only: major outage, probes fine", "vendor-only", New().Healthy()
                .Vendor(0, 60, VendorStatus.Operational).Vendor(60, 90, VendorStatus.MajorOutage, title: "Elevated errors on completions").Vendor(90, Minutes, VendorStatus.Operational),
                60, 90, new(ServiceStatus.MajorOutage, ServiceStatus.MajorOutage, false), 60),
            Make("provider only: partial outage of the API", "vendor-only", New().Healthy()
                .Vendor(0, 60, VendorStatus.Operational).Vendor(60, 90, VendorStatus.PartialOutage, "api").Vendor(90, Minutes, VendorStatus.Operational),
                60, 90, new(ServiceStatus.PartialOutage, ServiceStatus.PartialOutage, false), 60),
            Make("provider only: degraded performance", "vendor-only", New().Healthy()
                .Vendor(0, 60, VendorStatus.Operational).Vendor(60, 90, VendorStatus.DegradedPerformance).Vendor(90, Minutes, VendorStatus.Operational),
                60, 90, degradedNoGlobal, 60),
            Make("provider only, no probes of it", "vendor-only", New()
                .Vendor(0, 60, VendorStatus.Operational).Vendor(60, 90, VendorStatus.MajorOutage).Vendor(90, Minutes, VendorStatus.Operational),
                60, 90, new(ServiceStatus.MajorOutage, ServiceStatus.MajorOutage, false), 60),
            Make("scheduled maintenance", "vendor-only", New().Healthy()
                .Vendor(0, 60, VendorStatus.Operational).Vendor(60, 90, VendorStatus.UnderMaintenance).Vendor(90, Minutes, VendorStatus.Operational),
                60, 90, new(ServiceStatus.Maintenance, ServiceStatus.Maintenance, false), 60),

            // Lost and stale signals.
            Make("feed lost mid-incident, probes fine", "feed-lost", New().Healthy()
                .Vendor(0, 60, VendorStatus.Operational).Vendor(60, 75, VendorStatus.MajorOutage),
                // the provider's word counts while its feed is fresh (15 min after the last read), then stays as "last reported" evidence
                60, 89, new(ServiceStatus.MajorOutage, ServiceStatus.MajorOutage, false), 60),
            Make("feed lost mid-incident, probes failing", "feed-lost", New().Failing(Between(60, 90))
                .Vendor(0, 65, VendorStatus.Operational).Vendor(65, 75, VendorStatus.MajorOutage),
                60, 90, new(ServiceStatus.MajorOutage, ServiceStatus.MajorOutage, true, 2), 65),
            Make("a probe location offline in the middle", "offline", New().Healthy(["us-east", "ap-south"])
                .Failing(Between(60, 90), locations: ["eu-west"]).Checks("eu-west", 0, 60, true).Checks("eu-west", 60, 90, false).Checks("eu-west", 90, Minutes, true),
                null, null, Nothing),
            Make("every location offline", "offline", New().Failing(Between(60, 90))
                .Checks("eu-west", 0, Minutes, true).Checks("us-east", 0, Minutes, true).Checks("ap-south", 0, Minutes, true)
                .Checks("eu-west", 60, 90, false).Checks("us-east", 60, 90, false).Checks("ap-south", 60, 90, false),
                null, null, Nothing with { MaxChanges = 2 }), // operational, then "not checked from an online location", then operational
            Make("a location offline during an outage", "offline", New().Failing(Between(60, 100))
                .Checks("eu-west", 70, 100, false), 60, 100, major),
            Make("flapping network at one location", "offline", New().Healthy(["us-east", "ap-south"])
                .Failing((_, m) => (int)(m / 4) % 2 == 1, locations: ["eu-west"])
                .Checks("eu-west", 0, Minutes, true).Checks("eu-west", 4, Minutes, false, 8).Checks("eu-west", 5, Minutes, false, 8)
                .Checks("eu-west", 6, Minutes, false, 8).Checks("eu-west", 7, Minutes, false, 8),
                null, null, new(ServiceStatus.Operational, ServiceStatus.Degraded, false, 4)),

            // Users' reports.
            Make("report spike, probes healthy", "reports", New().Healthy().Reports(60, 70, 40), 60, 75,
                new(ServiceStatus.Degraded, ServiceStatus.Degraded, false)),
            Make("report spike during an outage", "reports", New().Failing(Between(60, 90)).Reports(62, 75, 40), 60, 90, major),
        };
        return list;
    }

    private static Scenario SlowScenario(string name, double factor, bool baseline)
    {
        var t = New();
        if (baseline)
        {
            foreach (var c in Both)
            {
                t.Probes(c, AllLocations, -240, 0, (_, _) => false, latency: m => 380 + ((int)m % 5) * 10);
            }
        }

        var usual = baseline ? 400.0 : 400.0; // learned median, or the catalog's expected latency
        t.Failing((_, _) => false, latency: m => m is >= 60 and < 90 ? usual * factor : baseline ? 380 + ((int)m % 5) * 10 : 200);
        return Make(name, "slow", t, 60, 90, new(ServiceStatus.Degraded, ServiceStatus.Degraded, false));
    }
}
