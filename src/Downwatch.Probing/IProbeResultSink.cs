using Downwatch.Domain.Observations;

namespace Downwatch.Probing;

/// <summary>Where probe results and control checks go: storage in serve, a disk buffer in an agent.</summary>
public interface IProbeResultSink
{
    ValueTask WriteAsync(ProbeObservation result, CancellationToken cancellationToken);

    ValueTask WriteAsync(LocationCheck check, CancellationToken cancellationToken);
}

/// <summary>Which targets this location probes: the whole catalog in serve, the server's assignment in an agent.</summary>
public interface IProbeAssignment
{
    Task<IReadOnlyList<ProbeTarget>> GetAsync(CancellationToken cancellationToken);
}
