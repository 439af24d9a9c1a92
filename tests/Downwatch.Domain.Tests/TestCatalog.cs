using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;

namespace Downwatch.Domain.Tests;

/// <summary>A small catalog and observation builders for engine tests.</summary>
internal static class TestCatalog
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static readonly ServiceDefinition Service = new()
    {
        Slug = "acme",
        Name = "Acme AI",
        Company = "Acme",
        Category = "llm-api",
        Region = "United States",
        Homepage = "https://acme.example",
        Components =
        [
            new ComponentDefinition { Slug = "api", Name = "API", Kind = "api", Probes = [Endpoint("https://api.acme.example/v1/models", 401)] },
            new ComponentDefinition { Slug = "web", Name = "Web app", Kind = "web", Probes = [Endpoint("https://acme.example/", 200)] },
        ],
    };

    public static readonly ServiceCatalog Catalog = new([Service], []);

    public static readonly string[] Locations = ["eu-west", "us-east", "ap-south"];

    public static string EndpointOf(string component) => Service.FindComponent(component)!.Probes[0].Id;

    public static ProbeObservation Probe(string component, string location, TimeSpan ago, ProbeOutcome outcome,
        double latency = 150, int? code = null) =>
        new("acme", component, EndpointOf(component), location, Now - ago, outcome, latency,
            code ?? (outcome == ProbeOutcome.Down ? 503 : component == "api" ? 401 : 200),
            outcome == ProbeOutcome.Down ? "http-5xx" : null);

    /// <summary>Two probes per location (6 and 2 minutes ago) with the same outcome.</summary>
    public static IEnumerable<ProbeObservation> Series(string component, ProbeOutcome outcome, params string[] locations) =>
        locations.SelectMany(l => new[]
        {
            Probe(component, l, TimeSpan.FromMinutes(6), outcome),
            Probe(component, l, TimeSpan.FromMinutes(2), outcome),
        });

    public static SignalSet Signals(IEnumerable<ProbeObservation>? probes = null, IEnumerable<LocationCheck>? checks = null,
        IEnumerable<OfficialStatusObservation>? official = null, IEnumerable<CommunityReport>? reports = null) =>
        new((probes ?? []).ToList(), (checks ?? []).ToList(), (official ?? []).ToList(), (reports ?? []).ToList());

    private static ProbeEndpoint Endpoint(string url, int expect) => new() { Url = url, Expect = [expect] };
}
