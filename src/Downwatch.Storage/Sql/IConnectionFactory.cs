using System.Data.Common;

namespace Downwatch.Storage.Sql;

/// <summary>Opens connections to the configured database; the only place that knows which engine it is.</summary>
public interface IConnectionFactory
{
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>SQL for "is one of the list parameter": Dapper expands a list into <c>IN (…)</c> for SQLite and passes
    /// it as one array to engines that have arrays (PostgreSQL).</summary>
    string InList(string parameter) => $"IN {parameter}";

    string NotInList(string parameter) => $"NOT IN {parameter}";

    /// <summary>Whether the engine takes a whole array as one parameter (PostgreSQL), so that many rows can be written
    /// by one statement (<c>unnest</c>) instead of one round trip each.</summary>
    bool TakesArrays => false;

    /// <summary>SQL for the database's own clock in Unix milliseconds: the one clock that all nodes share.</summary>
    string NowMs => "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)";

    /// <summary>SQL that announces parameter @Payload to every node listening on <paramref name="channel"/>, or null
    /// where the engine has no such thing.</summary>
    string? Announce(string channel) => null;
}
