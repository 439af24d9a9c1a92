using Downwatch.Domain.Catalog;

namespace Downwatch.Probing;

/// <summary>One endpoint of one component to probe, as the catalog describes it.</summary>
public sealed record ProbeTarget(string Service, string Component, ProbeEndpoint Endpoint)
{
    public string Key => Inference is { } i ? $"{Service}/{Component}/model:{i.Model}/{i.KeyName}" : $"{Service}/{Component}/{Endpoint.Id}";

    /// <summary>Set for an inference target (a streamed generation of one model with one key); null for an HTTP endpoint.</summary>
    public Inference.InferenceSpec? Inference { get; init; }

    public TimeSpan Interval => TimeSpan.FromSeconds(Endpoint.IntervalSeconds);

    /// <summary>Every probe endpoint of the catalog.</summary>
    public static IReadOnlyList<ProbeTarget> All(ServiceCatalog catalog) =>
        catalog.Services
            .SelectMany(s => s.Components.SelectMany(c => c.Probes.Select(p => new ProbeTarget(s.Slug, c.Slug, p))))
            .ToList();
}
