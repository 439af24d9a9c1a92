using System.Text.Json;
using Dapper;
using Downwatch.Domain.Incidents;
using Downwatch.Domain.Status;

namespace Downwatch.Storage.Sql;

public sealed class SqlIncidentStore(IConnectionFactory connections) : IIncidentStore
{
    private const string Columns = "id, service, title, worst_status AS WorstStatus, started_at AS StartedAt, resolved_at AS ResolvedAt, updates";

    public async Task UpsertAsync(Incident incident, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT INTO incidents (id, service, title, worst_status, started_at, resolved_at, updates) " +
            "VALUES (@Id, @Service, @Title, @WorstStatus, @StartedAt, @ResolvedAt, @Updates) " +
            "ON CONFLICT (id) DO UPDATE SET title = excluded.title, worst_status = excluded.worst_status, " +
            "resolved_at = excluded.resolved_at, updates = excluded.updates",
            new
            {
                incident.Id, incident.Service, incident.Title, WorstStatus = (int)incident.WorstStatus,
                StartedAt = incident.StartedAt.ToColumn(), ResolvedAt = incident.ResolvedAt?.ToColumn(),
                Updates = JsonSerializer.Serialize(incident.Updates),
            });
    }

    public async Task<IReadOnlyList<Incident>> ListAsync(string? service, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<IncidentDbRow>(
            $"SELECT {Columns} FROM incidents WHERE (@Service IS NULL OR service = @Service) " +
            "AND (resolved_at IS NULL OR resolved_at > @Since) ORDER BY started_at DESC",
            new { Service = service, Since = since.ToColumn() });
        return rows.Select(ToIncident).ToList();
    }

    public async Task<IReadOnlyList<Incident>> PageAsync(IncidentQuery query, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<IncidentDbRow>(
            $"SELECT {Columns} FROM incidents WHERE (@Service IS NULL OR service = @Service) " +
            "AND (resolved_at IS NULL OR resolved_at > @Since) " +
            "AND (@Open IS NULL OR (@Open = 1 AND resolved_at IS NULL) OR (@Open = 0 AND resolved_at IS NOT NULL)) " +
            "AND (@AfterAt IS NULL OR started_at < @AfterAt OR (started_at = @AfterAt AND id < @AfterId)) " +
            "ORDER BY started_at DESC, id DESC LIMIT @Limit",
            new
            {
                query.Service, Since = query.Since.ToColumn(), Open = query.Open is { } open ? (open ? 1 : 0) : (int?)null,
                AfterAt = query.After?.StartedAt.ToColumn(), AfterId = query.After?.Id, query.Limit,
            });
        return rows.Select(ToIncident).ToList();
    }

    public async Task<IReadOnlyList<Incident>> OpenAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<IncidentDbRow>($"SELECT {Columns} FROM incidents WHERE resolved_at IS NULL");
        return rows.Select(ToIncident).ToList();
    }

    private static Incident ToIncident(IncidentDbRow r) => new(r.Id, r.Service, r.Title, (ServiceStatus)r.WorstStatus,
        TimeColumns.FromColumn(r.StartedAt), r.ResolvedAt is { } resolved ? TimeColumns.FromColumn(resolved) : null,
        JsonSerializer.Deserialize<List<IncidentUpdate>>(r.Updates) ?? []);

    private sealed class IncidentDbRow
    {
        public string Id { get; init; } = "";
        public string Service { get; init; } = "";
        public string Title { get; init; } = "";
        public int WorstStatus { get; init; }
        public long StartedAt { get; init; }
        public long? ResolvedAt { get; init; }
        public string Updates { get; init; } = "[]";
    }
}
