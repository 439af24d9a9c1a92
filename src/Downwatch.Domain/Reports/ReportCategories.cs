namespace Downwatch.Domain.Reports;

/// <summary>One kind of problem a person can report about an AI service.</summary>
public sealed record ReportCategory(string Slug, string Label);

/// <summary>The problem types people can report, and the "it works for me" answer that is not a problem.</summary>
public static class ReportCategories
{
    /// <summary>Category of an "it works for me" answer: stored, shown, never counted as a problem.</summary>
    public const string WorksForMe = "works";

    /// <summary>One counted vote per reporter and service in each window of this length.</summary>
    public static readonly TimeSpan VoteWindow = TimeSpan.FromMinutes(15);

    public const int MaxNoteLength = 280;
    public const int MaxRegionLength = 64;

    public static readonly IReadOnlyList<ReportCategory> Problems =
    [
        new("login", "Can't log in"),
        new("api-errors", "API errors"),
        new("auth-rejected", "API key / authentication rejected"),
        new("rate-limited", "Rate limited"),
        new("slow", "Slow or timing out"),
        new("bad-answers", "Bad or empty answers"),
        new("wont-load", "App or site won't load"),
        new("billing", "Billing / quota"),
    ];

    public static bool IsProblem(string category) => !string.Equals(category, WorksForMe, StringComparison.Ordinal);

    public static bool IsKnown(string category) =>
        category == WorksForMe || Problems.Any(p => p.Slug == category);

    public static string Label(string category) =>
        category == WorksForMe ? "It works for me" : Problems.FirstOrDefault(p => p.Slug == category)?.Label ?? category;

    /// <summary>Start of the vote window <paramref name="at"/> falls in: one counted vote per reporter, service and window.</summary>
    public static DateTimeOffset VoteWindowStart(DateTimeOffset at, TimeSpan window)
    {
        var ticks = at.UtcTicks - at.UtcTicks % window.Ticks;
        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }
}
