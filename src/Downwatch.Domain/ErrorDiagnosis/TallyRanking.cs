namespace Downwatch.Domain.ErrorDiagnosis;

/// <summary>Picks an answer from scored candidates, and measures how much the text argues for another one.</summary>
internal static class TallyRanking
{
    /// <summary>The most specific evidence any other error type than <paramref name="error"/> has: a conflict in the text.</summary>
    public static double RivalSpecific(Dictionary<string, Tally> errors, string error)
    {
        var rival = 0.0;
        foreach (var (slug, tally) in errors)
        {
            if (slug != error)
            {
                rival = Math.Max(rival, tally.Specific);
            }
        }

        return rival;
    }

    /// <summary>The best candidate when it reaches the threshold with a clear lead; <paramref name="lead"/> is its lead.</summary>
    public static string? Decide(Dictionary<string, Tally> tallies, double threshold, out double lead)
    {
        string? best = null;
        double top = 0, second = 0;
        foreach (var (slug, tally) in tallies)
        {
            var score = tally.Score;
            if (score > top || (score == top && best is not null && string.CompareOrdinal(slug, best) < 0))
            {
                (second, top, best) = (top, score, slug);
            }
            else if (score > second)
            {
                second = score;
            }
        }

        lead = top - second;
        return top >= threshold && lead >= EvidenceWeights.Lead ? best : null;
    }
}
