using System.Globalization;
using System.Text.RegularExpressions;

namespace Downwatch.Feeds.Reading;

/// <summary>Dates as status pages write them (ISO 8601, RFC 822, JavaScript's Date.toString), within sane bounds.</summary>
internal static partial class FeedDates
{
    /// <summary>Anything before this or after <see cref="Latest"/> is an absurd date and is refused.</summary>
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Latest = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Rfc822 =
    [
        "ddd, dd MMM yyyy HH:mm:ss zzz", "ddd, d MMM yyyy HH:mm:ss zzz", "ddd, dd MMM yyyy HH:mm zzz", "dd MMM yyyy HH:mm:ss zzz",
        "ddd, dd MMM yyyy HH:mm:ss", "ddd, d MMM yyyy HH:mm:ss",
    ];

    [GeneratedRegex(@"\s(GMT|UT|UTC|Z)$")]
    private static partial Regex UtcZone();

    [GeneratedRegex(@"\s([+-]\d{2})(\d{2})$")]
    private static partial Regex NumericZone();

    [GeneratedRegex(@"^\w{3} (\w{3} \d{1,2} \d{4} \d{2}:\d{2}:\d{2}) GMT([+-]\d{4})")]
    private static partial Regex JavaScriptDate();

    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 100)
        {
            return null;
        }

        var t = text.Trim();
        DateTimeOffset parsed;
        if (DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out parsed)
            || TryRfc822(t, out parsed) || TryJavaScript(t, out parsed))
        {
            return parsed >= Earliest && parsed < Latest ? parsed.ToUniversalTime() : null;
        }

        return null;
    }

    private static bool TryRfc822(string t, out DateTimeOffset parsed)
    {
        var normal = NumericZone().Replace(UtcZone().Replace(t, " +00:00"), " $1:$2");
        return DateTimeOffset.TryParseExact(normal, Rfc822, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out parsed);
    }

    private static bool TryJavaScript(string t, out DateTimeOffset parsed)
    {
        parsed = default;
        var m = JavaScriptDate().Match(t);
        return m.Success && DateTimeOffset.TryParseExact($"{m.Groups[1].Value} {m.Groups[2].Value.Insert(3, ":")}", "MMM d yyyy HH:mm:ss zzz",
            CultureInfo.InvariantCulture, DateTimeStyles.None, out parsed);
    }
}
