namespace Downwatch.Storage.Sql;

/// <summary>Times are stored as Unix milliseconds, which every SQL engine orders and compares the same way.</summary>
internal static class TimeColumns
{
    public static long ToColumn(this DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromColumn(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
