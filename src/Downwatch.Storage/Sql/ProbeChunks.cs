using Downwatch.Domain.Observations;

namespace Downwatch.Storage.Sql;

/// <summary>How packed and raw probe results of the same hours combine.</summary>
internal static class ProbeChunks
{
    public static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>Both lists in time order, a result present in both (same endpoint, location and time) once.</summary>
    public static List<ProbeObservation> Merge(IEnumerable<ProbeObservation> packed, IEnumerable<ProbeObservation> raw) =>
        packed.Concat(raw)
            .DistinctBy(p => (p.Service, p.Component, p.Endpoint, p.Location, p.At))
            .OrderBy(p => p.At)
            .ToList();
}
