using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;

namespace Downwatch.Domain.Replay;

/// <summary>
/// Builds the observations of a scenario minute by minute, as the real parts would make them: probes every few
/// minutes per location with the scheduler's retry two seconds after a failure that follows a success, control
/// checks, vendor reads once a minute while the feed answers, and user reports.
/// </summary>
public sealed class ScenarioTimeline(DateTimeOffset start)
{
    public const string Service = "scenario-ai";
    public static readonly string[] AllLocations = ["eu-west", "us-east", "ap-south"];

    public static readonly ServiceDefinition Definition = new()
    {
        Slug = Service,
        Name = "Scenario AI",
        Company = "Scenario",
        Category = "llm-api",
        Region = "United States",
        Homepage = "https://scenario.example",
        Components =
        [
            new ComponentDefinition { Slug = "api", Name = "API", Kind = "api",
                Probes = [new ProbeEndpoint { Url = "https://api.scenario.example/v1/models", Expect = [401], IntervalSeconds = 120, ExpectedLatencyMs = 400 }] },
            new ComponentDefinition { Slug = "web", Name = "Web app", Kind = "web",
                Probes = [new ProbeEndpoint { Url = "https://scenario.example/", Expect = [200], IntervalSeconds = 120, ExpectedLatencyMs = 400 }] },
        ],
    };

    public static readonly ServiceCatalog Catalog = new([Definition], []);

    private readonly List<ProbeObservation> _probes = [];
    private readonly List<LocationCheck> _checks = [];
    private readonly List<OfficialStatusObservation> _official = [];
    private readonly List<CommunityReport> _reports = [];

    public DateTimeOffset Start { get; } = start;

    public DateTimeOffset At(double minutes) => Start + TimeSpan.FromMinutes(minutes);

    /// <summary>Probes of <paramref name="component"/> from minute <paramref name="from"/> to <paramref name="until"/>;
    /// <paramref name="fails"/> decides request n (counting retries) at minute m.</summary>
    public ScenarioTimeline Probes(string component, IEnumerable<string> locations, double from, double until,
        Func<int, double, bool> fails, double everyMinutes = 2, Func<double, double>? latency = null)
    {
        var endpoint = Definition.FindComponent(component)!.Probes[0];
        foreach (var location in locations)
        {
            var request = 0;
            var lastDown = false;
            // Locations are a little out of step with each other, as the scheduler spreads them.
            var offset = Array.IndexOf(AllLocations, location) * 0.25;
            for (var m = from + offset; m < until; m += everyMinutes)
            {
                var down = fails(request++, m);
                Add(component, endpoint, location, m, down, latency?.Invoke(m) ?? 200);
                if (down && !lastDown)
                {
                    down = fails(request++, m + 2 / 60.0);
                    Add(component, endpoint, location, m + 2 / 60.0, down, latency?.Invoke(m) ?? 200);
                }

                lastDown = down;
            }
        }

        return this;
    }

    public ScenarioTimeline Checks(string location, double from, double until, bool online, double everyMinutes = 1)
    {
        for (var m = from; m < until; m += everyMinutes)
        {
            _checks.Add(new LocationCheck(location, At(m), online, online ? null : "could not resolve any control host"));
        }

        return this;
    }

    /// <summary>The vendor's feed read once a minute from <paramref name="from"/> to <paramref name="until"/>.</summary>
    public ScenarioTimeline Vendor(double from, double until, VendorStatus status, string? component = null, string? title = null)
    {
        for (var m = from; m < until; m++)
        {
            _official.Add(new OfficialStatusObservation(Service, component, At(m), status, title));
        }

        return this;
    }

    public ScenarioTimeline Reports(double from, double until, int count)
    {
        for (var i = 0; i < count; i++)
        {
            _reports.Add(new CommunityReport(Service, At(from + (until - from) * i / count), $"reporter-{i}", "api-errors"));
        }

        return this;
    }

    public SignalSet ToSignals() => new([.. _probes], [.. _checks], [.. _official], [.. _reports]);

    private void Add(string component, ProbeEndpoint endpoint, string location, double minute, bool down, double latency) =>
        _probes.Add(new ProbeObservation(Service, component, endpoint.Id, location, At(minute),
            down ? ProbeOutcome.Down : ProbeOutcome.Up, latency, down ? 503 : endpoint.Expect[0], down ? "http-5xx" : null));
}
