using Downwatch.Domain.Observations;

namespace Downwatch.Domain.Status;

/// <summary>Which probe locations were online (their own control checks passing) at a given time.</summary>
public sealed class LocationStatus
{
    private readonly Dictionary<string, LocationCheck[]> _checks;

    public LocationStatus(IEnumerable<LocationCheck> checks) =>
        _checks = checks.GroupBy(c => c.Location, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(c => c.At).ThenByDescending(c => c.Online).ToArray(), StringComparer.Ordinal);

    /// <summary>How soon after a result a failed control check still discounts it: a location that loses its
    /// network fails its probes first and learns why at its next (prompt) control check.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    /// <summary>A location is offline at <paramref name="at"/> while its latest control check at or before then
    /// failed, or when its first check within <see cref="Grace"/> after it failed. A location that never reported
    /// control checks is taken as online; of two checks at the same instant the failed one wins.</summary>
    public bool IsOnline(string location, DateTimeOffset at)
    {
        if (!_checks.TryGetValue(location, out var checks))
        {
            return true;
        }

        LocationCheck? before = null;
        LocationCheck? after = null;
        foreach (var check in checks)
        {
            if (check.At <= at)
            {
                before = check;
            }
            else
            {
                after = check;
                break;
            }
        }

        var failedSoonAfter = after is not null && !after.Online && after.At - at <= Grace;
        return (before?.Online ?? true) && !failedSoonAfter;
    }
}
