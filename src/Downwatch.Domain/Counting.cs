using System.Globalization;

namespace Downwatch.Domain;

/// <summary>"1 location", "3 locations": a number with its noun, for the sentences pages show ("location(s)" reads as
/// unfinished).</summary>
public static class Counting
{
    public static string Of(int count, string noun, string? plural = null) =>
        $"{count.ToString(CultureInfo.InvariantCulture)} {Noun(count, noun, plural)}";

    /// <summary>The noun alone, in the form that goes with <paramref name="count"/>.</summary>
    public static string Noun(int count, string noun, string? plural = null) => count == 1 ? noun : plural ?? noun + "s";
}
