using Downwatch.Domain.Observations;

namespace Downwatch.Domain.Status;

/// <summary>What one location currently sees of one endpoint, after confirm-before-flip.</summary>
public enum LocationVerdict
{
    Healthy,
    Slow,
    Failing,
}

public sealed record LocationView(string Location, LocationVerdict Verdict, ProbeObservation Latest, ProbeObservation? LatestFailure);

/// <summary>
/// Pure state machine for one endpoint at one location: failing after N consecutive failures,
/// recovered after M consecutive successes, so one odd probe never flips the view.
/// </summary>
public static class FlipState
{
    public static bool IsFailing(IEnumerable<ProbeObservation> orderedResults, int confirmFailures, int confirmRecoveries)
    {
        var failing = false;
        var failures = 0;
        var successes = 0;
        foreach (var result in orderedResults)
        {
            if (result.Outcome == ProbeOutcome.Down)
            {
                failures++;
                successes = 0;
                if (failures >= confirmFailures)
                {
                    failing = true;
                }
            }
            else
            {
                successes++;
                failures = 0;
                if (successes >= confirmRecoveries)
                {
                    failing = false;
                }
            }
        }

        return failing;
    }
}
