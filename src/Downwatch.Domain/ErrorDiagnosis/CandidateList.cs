namespace Downwatch.Domain.ErrorDiagnosis;

/// <summary>The candidates an answer reports: the strongest tallies first, each with its distinct reasons.</summary>
internal static class CandidateList
{
    private const int MaxCandidates = 5;
    private const int MaxReasons = 6;

    public static List<DiagnosisCandidate> Top(Dictionary<string, Tally> tallies, DiagnosisScratch scratch)
    {
        var ranked = scratch.Ranked;
        ranked.Clear();
        foreach (var tally in tallies.Values)
        {
            var score = tally.Score;
            if (score > 0)
            {
                ranked.Add((score, tally));
            }
        }

        ranked.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Tally.Slug, b.Tally.Slug));
        var count = Math.Min(MaxCandidates, ranked.Count);
        var top = new List<DiagnosisCandidate>(count);
        var kept = scratch.ReportedReasons;
        for (var c = 0; c < count; c++)
        {
            var (score, tally) = ranked[c];
            kept.Clear();
            foreach (var reason in tally.Reasons)
            {
                if (kept.Count == MaxReasons)
                {
                    break;
                }

                if (!Reported(kept, reason))
                {
                    kept.Add(reason);
                }
            }

            var reasons = new string[kept.Count];
            for (var r = 0; r < reasons.Length; r++)
            {
                reasons[r] = kept[r].ToString();
            }

            top.Add(new DiagnosisCandidate(tally.Slug, Math.Round(score, 2), reasons));
        }

        return top;
    }

    private static bool Reported(List<Reason> kept, Reason reason)
    {
        foreach (var earlier in kept)
        {
            if (earlier.SameAs(reason))
            {
                return true;
            }
        }

        return false;
    }
}
