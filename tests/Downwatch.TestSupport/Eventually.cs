using Xunit;

namespace Downwatch.TestSupport;

/// <summary>
/// Waits for something that happens on another thread or process (a background loop's write, a server's answer).
/// It only decides "reached, go on" or "not reached within the bound, fail naming what": no test passes because time
/// went by, and a slower machine only waits longer. The one place in the tests that pauses between looks.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(60);

    /// <summary>Fails the test unless <paramref name="condition"/> holds within <paramref name="bound"/>.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? bound = null, Action? betweenLooks = null)
    {
        Assert.True(await ReachedAsync(condition, bound, betweenLooks), $"not reached within {(bound ?? DefaultBound).TotalSeconds:0} s: {what}");
    }

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? bound = null, Action? betweenLooks = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, bound, betweenLooks);

    /// <summary>Whether <paramref name="condition"/> came to hold within <paramref name="bound"/>; <paramref name="betweenLooks"/>
    /// runs before each new look (for example to move a fake clock on).</summary>
    public static async Task<bool> ReachedAsync(Func<Task<bool>> condition, TimeSpan? bound = null, Action? betweenLooks = null)
    {
        // Bounded by the real clock, whatever clock the code under test reads.
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > (bound ?? DefaultBound))
            {
                return false;
            }

            betweenLooks?.Invoke();
            await Task.Delay(20);
        }

        return true;
    }
}
