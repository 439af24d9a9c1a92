using Dapper;
using Downwatch.Storage.Cluster;

namespace Downwatch.Storage.Sql;

public sealed class SqlProbeMemberStore(IConnectionFactory connections) : IProbeMemberStore
{
    public async Task<IReadOnlyList<string>> HeartbeatAsync(string node, string location, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            $"INSERT INTO probe_members (node, location, expires_at) VALUES (@Node, @Location, {connections.NowMs} + @Ttl) " +
            "ON CONFLICT (node) DO UPDATE SET location = excluded.location, expires_at = excluded.expires_at",
            new { Node = node, Location = location, Ttl = (long)ttl.TotalMilliseconds });
        // Members long gone are forgotten here too, so the table never grows past the nodes of the last day.
        await connection.ExecuteAsync($"DELETE FROM probe_members WHERE expires_at < {connections.NowMs} - 86400000");
        return (await connection.QueryAsync<string>(
            $"SELECT node FROM probe_members WHERE location = @Location AND expires_at >= {connections.NowMs} ORDER BY node",
            new { Location = location })).ToList();
    }

    public async Task LeaveAsync(string node, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("DELETE FROM probe_members WHERE node = @Node", new { Node = node });
    }
}
