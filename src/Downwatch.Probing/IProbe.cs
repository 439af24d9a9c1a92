using Downwatch.Domain.Observations;

namespace Downwatch.Probing;

/// <summary>
/// One way of probing an endpoint: the seam the scheduler depends on. A probe type is one folder with the same shape
/// as <c>Http/</c>: its <c>{X}ProbeOptions</c> (section and defaults, validated at start), an internal sealed
/// <c>{X}Probe</c> implementing this interface (transport and the classification of what came back kept apart, as
/// <c>HttpProbe</c> and <c>HttpAnswerClassifier</c>), and its registration beside <see cref="ProbingServiceCollectionExtensions"/>.
/// The scheduler runs each target with the first registered probe that handles it.
/// </summary>
public interface IProbe
{
    /// <summary>Whether this probe knows how to probe <paramref name="target"/>.</summary>
    bool Handles(ProbeTarget target);

    /// <summary>Probes once, within the probe's own bounds; failures are results (down, with a kind), never exceptions.</summary>
    Task<ProbeObservation> ProbeAsync(ProbeTarget target, string location, CancellationToken cancellationToken);
}
