using System.Text.Json;
using Dapper;
using Downwatch.Domain.Incidents;
using Downwatch.Domain.Status;

namespace Downwatch.Storage.Sql;

public sealed class SqlIncidentStore(IConnectionFactory connections) : IIncidentStore
{
    private const string Columns = "id, service, title, worst_status AS WorstStatus, started_at AS StartedAt, " +
        "resolved_at AS ResolvedAt, updates, provider_updates AS ProviderUpdates, components, led_by AS LedBy, version";

    public async Task<bool> UpsertAsync(Incident incident, bool announced = true, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "INSERT INTO incidents (id, service, title, worst_status, started_at, resolved_at, updates, provider_updates, components, led_by, version, announced) " +
            "VALUES (@Id, @Service, @Title, @WorstStatus, @StartedAt, @ResolvedAt, @Updates, @ProviderUpdates, @Components, @LedBy, 1, @Announced) " +
            "ON CONFLICT (id) DO UPDATE SET title = excluded.title, worst_status = excluded.worst_status, " +
            "resolved_at = excluded.resolved_at, updates = excluded.updates, provider_updates = excluded.provider_updates, components = excluded.components, " +
            "led_by = excluded.led_by, version = incidents.version + 1, " +
            "announced = excluded.announced " +
            "WHERE incidents.version = @Version",
            new
            {
                incident.Id, incident.Service, incident.Title, WorstStatus = (int)incident.WorstStatus,
                StartedAt = incident.StartedAt.ToColumn(), ResolvedAt = incident.ResolvedAt?.ToColumn(),
                Updates = JsonSerializer.Serialize(incident.Updates),
                ProviderUpdates = incident.ProviderUpdates.Count == 0 ? null : JsonSerializer.Serialize(incident.ProviderUpdates),
                Components = incident.Components.Count == 0 ? null : JsonSerializer.Serialize(incident.Components),
                incident.LedBy, incident.Version, Announced = announced ? 1 : 0,
            }) > 0;
    }

    public async Task<Incident?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<IncidentDbRow>($"SELECT {Columns} FROM incidents WHERE id = @Id", new { Id = id });
        return row is null ? null : ToIncident(row);
    }

    public async Task<IReadOnlyList<Incident>> UnannouncedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<IncidentDbRow>($"SELECT {Columns} FROM incidents WHERE announced = 0");
        return rows.Select(ToIncident).ToList();
    }

    public async Task MarkAnnouncedAsync(Incident incident, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("UPDATE incidents SET announced = 1 WHERE id = @Id AND version = @Version",
            new { incident.Id, incident.Version });
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
        JsonSerializer.Deserialize<List<IncidentUpdate>>(r.Updates) ?? [])
    {
        ProviderUpdates = r.ProviderUpdates is null ? [] : JsonSerializer.Deserialize<List<ProviderUpdate>>(r.ProviderUpdates) ?? [],
        Components = r.Components is null ? [] : JsonSerializer.Deserialize<List<string>>(r.Components) ?? [],
        LedBy = r.LedBy,
        Version = r.Version,
    };

    private sealed class IncidentDbRow
    {
        public string Id { get; init; } = "";
        public string Service { get; init; } = "";
        public string Title { get; init; } = "";
        public int WorstStatus { get; init; }
        public long StartedAt { get; init; }
        public long? ResolvedAt { get; init; }
        public string Updates { get; init; } = "[]";
        public string? ProviderUpdates { get; init; }
        public string? Components { get; init; }
        public string? LedBy { get; init; }
        public int Version { get; init; }
    }
}
