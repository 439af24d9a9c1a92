using System.Data.Common;
using Dapper;

namespace Downwatch.Storage.Sql;

/// <summary>
/// Deletes old rows oldest first, one time slice per statement (each its own short transaction), so that pruning a
/// large backlog never holds the database for long while pages read and reports are written.
/// </summary>
internal static class SlicedDelete
{
    /// <summary>Deletes rows of <paramref name="table"/> whose Unix-millisecond <paramref name="column"/> is before
    /// <paramref name="before"/>, <paramref name="slice"/> at a time; returns how many.</summary>
    public static async Task<int> BeforeAsync(DbConnection connection, string table, string column, DateTimeOffset before, TimeSpan slice,
        CancellationToken cancellationToken)
    {
        var deleted = 0;
        var cutoff = before.ToColumn();
        while (await connection.ExecuteScalarAsync<long?>($"SELECT MIN({column}) FROM {table} WHERE {column} < @Before", new { Before = cutoff })
               is { } oldest)
        {
            deleted += await connection.ExecuteAsync($"DELETE FROM {table} WHERE {column} < @Until",
                new { Until = Math.Min(cutoff, oldest + (long)slice.TotalMilliseconds) });
            cancellationToken.ThrowIfCancellationRequested();
        }

        return deleted;
    }
}
