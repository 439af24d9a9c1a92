using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;

namespace Downwatch.Storage.Sql;

/// <summary>
/// The numbers that stand for (service, component, endpoint, location) in the probe history tables. A number is
/// remembered only once the transaction that may have created it has committed (a series never changes its number;
/// nodes adding the same series at once agree through the unique index).
/// </summary>
internal sealed class ProbeSeries
{
    /// <summary>The series columns, for a query that joins <c>probe_series s</c>.</summary>
    public const string Columns = "s.service, s.component, s.endpoint, s.location";

    private readonly ConcurrentDictionary<(string Service, string Component, string Endpoint, string Location), long> _known = new();

    /// <summary>The number of each series, creating those that have none, in the caller's transaction; pass the result
    /// to <see cref="Remember"/> after the commit.</summary>
    public async Task<Dictionary<(string Service, string Component, string Endpoint, string Location), long>> ResolveAsync(
        DbConnection connection, DbTransaction tx, IEnumerable<(string Service, string Component, string Endpoint, string Location)> series)
    {
        var ids = new Dictionary<(string, string, string, string), long>();
        foreach (var key in series.Distinct())
        {
            if (!_known.TryGetValue(key, out var id))
            {
                var args = new { key.Service, key.Component, key.Endpoint, key.Location };
                await connection.ExecuteAsync(
                    "INSERT INTO probe_series (service, component, endpoint, location) VALUES (@Service, @Component, @Endpoint, @Location) " +
                    "ON CONFLICT (service, component, endpoint, location) DO NOTHING", args, tx);
                id = await connection.ExecuteScalarAsync<long>(
                    "SELECT id FROM probe_series WHERE service = @Service AND component = @Component AND endpoint = @Endpoint AND location = @Location",
                    args, tx);
            }

            ids[key] = id;
        }

        return ids;
    }

    public void Remember(Dictionary<(string Service, string Component, string Endpoint, string Location), long> committed)
    {
        foreach (var (key, id) in committed)
        {
            _known.TryAdd(key, id);
        }
    }
}
