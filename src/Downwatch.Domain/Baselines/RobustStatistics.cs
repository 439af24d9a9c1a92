namespace Downwatch.Domain.Baselines;

/// <summary>Median, median absolute deviation and hour-of-week bucketing.</summary>
public static class RobustStatistics
{
    /// <summary>Scale factor that makes MAD estimate the standard deviation of normal data.</summary>
    public const double MadToSigma = 1.4826;

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static double MedianAbsoluteDeviation(IReadOnlyList<double> values)
    {
        var median = Median(values);
        return Median(values.Select(v => Math.Abs(v - median)).ToArray());
    }

    /// <summary>0..167: hour of the week in UTC, Monday 00:00 = 0.</summary>
    public static int HourOfWeek(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        var day = ((int)utc.DayOfWeek + 6) % 7;
        return day * 24 + utc.Hour;
    }
}

/// <summary>A learned usual level: median and MAD of past samples.</summary>
public sealed record Baseline(double Median, double Mad, int Samples)
{
    public static Baseline From(IReadOnlyList<double> samples) =>
        new(RobustStatistics.Median(samples), RobustStatistics.MedianAbsoluteDeviation(samples), samples.Count);

    /// <summary>The level above which a value is unusual: median + k·σ̂, with σ̂ never below <paramref name="minSigma"/>.</summary>
    public double Threshold(double k, double minSigma) =>
        Median + k * Math.Max(Mad * RobustStatistics.MadToSigma, minSigma);
}
