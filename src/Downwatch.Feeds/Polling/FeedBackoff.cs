namespace Downwatch.Feeds.Polling;

/// <summary>When a feed is read next: at its interval while it reads well, doubling per consecutive failure up to a cap.</summary>
public static class FeedBackoff
{
    public static TimeSpan Delay(TimeSpan interval, int failures, TimeSpan max)
    {
        if (failures <= 0)
        {
            return interval;
        }

        var factor = Math.Pow(2, Math.Min(failures, 30));
        return interval.TotalSeconds * factor >= max.TotalSeconds ? max : interval * factor;
    }
}
