using Downwatch.Domain.Observations;

namespace Downwatch.Domain.Inference;

/// <summary>
/// Inference results travel as probe observations whose endpoint is <c>model:NAME</c>: they are stored, sent by
/// agents and rolled up like any probe result, and the status rules tell them apart by this prefix.
/// </summary>
public static class InferenceEndpoint
{
    public const string Prefix = "model:";

    public static string For(string model) => Prefix + model;

    public static bool Is(ProbeObservation observation) => observation.Endpoint.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The model of an inference endpoint id, or null for any other endpoint.</summary>
    public static string? ModelOf(string endpoint) =>
        endpoint.StartsWith(Prefix, StringComparison.Ordinal) ? endpoint[Prefix.Length..] : null;
}
