using Downwatch.Domain.Observations;

namespace Downwatch.Domain.Status;

/// <summary>Which probe locations were online (their own control checks passing) at a given time.</summary>
public sealed class LocationStatus
{
    private readonly Dictionary<string, LocationCheck[]> _checks;

    public LocationStatus(IEnumerable<LocationCheck> checks) =>
        _checks = checks.GroupBy(c => c.Location, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(c => c.At).ThenByDescending(c => c.Online).ToArray(), StringComparer.Ordinal);

    /// <summary>A location is offline while its latest control check at or before <paramref name="at"/> failed.
    /// A location that never reported control checks is taken as online; of two checks at the same instant the
    /// failed one wins.</summary>
    public bool IsOnline(string location, DateTimeOffset at)
    {
        if (!_checks.TryGetValue(location, out var checks))
        {
            return true;
        }

        LocationCheck? latest = null;
        foreach (var check in checks)
        {
            if (check.At > at)
            {
                break;
            }

            latest = check;
        }

        return latest?.Online ?? true;
    }
}
