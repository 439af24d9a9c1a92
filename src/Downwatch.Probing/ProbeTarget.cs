using Downwatch.Domain.Catalog;

namespace Downwatch.Probing;

/// <summary>One endpoint of one component to probe, as the catalog describes it.</summary>
public sealed record ProbeTarget(string Service, string Component, ProbeEndpoint Endpoint)
{
    public string Key => $"{Service}/{Component}/{Endpoint.Id}";

    public TimeSpan Interval => TimeSpan.FromSeconds(Endpoint.IntervalSeconds);

    /// <summary>Every probe endpoint of the catalog.</summary>
    public static IReadOnlyList<ProbeTarget> All(ServiceCatalog catalog) =>
        catalog.Services
            .SelectMany(s => s.Components.SelectMany(c => c.Probes.Select(p => new ProbeTarget(s.Slug, c.Slug, p))))
            .ToList();
}
