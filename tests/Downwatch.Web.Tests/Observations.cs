using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;

namespace Downwatch.Web.Tests;

/// <summary>Builds probe results for real catalog services.</summary>
public static class Observations
{
    public static readonly string[] Locations = ["eu-west", "us-east", "ap-south"];

    /// <summary>Two results per endpoint and location, 6 and 2 minutes before <paramref name="now"/>.</summary>
    public static SignalSet Probes(ServiceCatalog catalog, string service, DateTimeOffset now, ProbeOutcome outcome,
        Func<ComponentDefinition, bool>? which = null, int failingLocations = 3)
    {
        var definition = catalog.FindService(service)!;
        var probes = new List<ProbeObservation>();
        foreach (var component in definition.Components.Where(which ?? (_ => true)))
        {
            foreach (var endpoint in component.Probes)
            {
                for (var i = 0; i < Locations.Length; i++)
                {
                    var result = i < failingLocations ? outcome : ProbeOutcome.Up;
                    foreach (var ago in new[] { 6, 2 })
                    {
                        probes.Add(new ProbeObservation(service, component.Slug, endpoint.Id, Locations[i], now - TimeSpan.FromMinutes(ago),
                            result, 180, result == ProbeOutcome.Down ? 503 : endpoint.Expect[0], result == ProbeOutcome.Down ? "http-5xx" : null));
                    }
                }
            }
        }

        return new SignalSet(probes, [], [], []);
    }
}
