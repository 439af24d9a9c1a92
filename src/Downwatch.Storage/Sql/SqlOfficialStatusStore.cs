using System.Text.Json;
using Dapper;
using Downwatch.Domain.Incidents;
using Downwatch.Domain.Observations;

namespace Downwatch.Storage.Sql;

/// <summary>Vendor incidents, feed state and the latest official reads, on the SQL engine behind <see cref="IConnectionFactory"/>.</summary>
public sealed class SqlOfficialStatusStore(IConnectionFactory connections) : IVendorIncidentStore, IFeedStateStore, IOfficialStatusStore
{
    public async Task SyncAsync(string service, string source, IReadOnlyList<VendorIncident> listed, DateTimeOffset readAt,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var open = await connection.QueryAsync<string>(
            "SELECT id FROM vendor_incidents WHERE service = @Service AND source = @Source AND resolved_at IS NULL",
            new { Service = service, Source = source }, tx);
        var gone = open.Except(listed.Select(i => i.Id), StringComparer.Ordinal).ToList();
        await connection.ExecuteAsync(
            "UPDATE vendor_incidents SET resolved_at = @At WHERE service = @Service AND id = @Id",
            gone.Select(id => new { At = readAt.ToColumn(), Service = service, Id = id }), tx);
        await connection.ExecuteAsync(
            "INSERT INTO vendor_incidents (service, id, kind, title, impact, phase, started_at, resolved_at, window_start, window_end, url, components, updates, source) " +
            "VALUES (@Service, @Id, @Kind, @Title, @Impact, @Phase, @StartedAt, @ResolvedAt, @WindowStart, @WindowEnd, @Url, @Components, @Updates, @Source) " +
            "ON CONFLICT (service, id) DO UPDATE SET kind = excluded.kind, title = excluded.title, impact = excluded.impact, phase = excluded.phase, " +
            "started_at = excluded.started_at, resolved_at = excluded.resolved_at, window_start = excluded.window_start, window_end = excluded.window_end, " +
            "url = excluded.url, components = excluded.components, updates = excluded.updates, source = excluded.source",
            listed.Select(i => new
            {
                i.Service, i.Id, Kind = (int)i.Kind, i.Title, Impact = (int?)i.Impact, Phase = (int)i.Phase, StartedAt = i.StartedAt.ToColumn(),
                ResolvedAt = i.ResolvedAt?.ToColumn(), WindowStart = i.WindowStart?.ToColumn(), WindowEnd = i.WindowEnd?.ToColumn(), i.Url,
                Components = JsonSerializer.Serialize(i.Components), Updates = JsonSerializer.Serialize(i.Updates), i.Source,
            }), tx);
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<VendorIncident>> ListAsync(string service, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<IncidentRow>(
            "SELECT service, id, kind, title, impact, phase, started_at AS StartedAt, resolved_at AS ResolvedAt, window_start AS WindowStart, " +
            "window_end AS WindowEnd, url, components, updates, source FROM vendor_incidents " +
            "WHERE service = @Service AND (resolved_at IS NULL OR resolved_at > @Since) ORDER BY started_at DESC, id",
            new { Service = service, Since = since.ToColumn() });
        return rows.Select(r => new VendorIncident(r.Service, r.Id, (VendorEventKind)r.Kind, r.Title, (VendorStatus?)r.Impact, (VendorPhase)r.Phase,
            TimeColumns.FromColumn(r.StartedAt), Time(r.ResolvedAt), Time(r.WindowStart), Time(r.WindowEnd), r.Url,
            JsonSerializer.Deserialize<List<string>>(r.Components) ?? [], JsonSerializer.Deserialize<List<VendorUpdate>>(r.Updates) ?? [], r.Source)).ToList();
    }

    public async Task<FeedState?> GetAsync(string source, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<StateRow>(
            "SELECT source, etag, last_modified AS LastModified, content_type AS ContentType, body, format, summary, last_read_at AS LastReadAt, " +
            "last_attempt_at AS LastAttemptAt, last_error AS LastError, last_error_at AS LastErrorAt, failures FROM feed_states WHERE source = @Source",
            new { Source = source });
        return row is null ? null : new FeedState(row.Source)
        {
            ETag = row.ETag, LastModified = row.LastModified, ContentType = row.ContentType, Body = row.Body, Format = row.Format, Summary = row.Summary,
            LastReadAt = Time(row.LastReadAt), LastAttemptAt = Time(row.LastAttemptAt), LastError = row.LastError, LastErrorAt = Time(row.LastErrorAt),
            Failures = row.Failures,
        };
    }

    public async Task SaveAsync(FeedState state, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT INTO feed_states (source, etag, last_modified, content_type, body, format, summary, last_read_at, last_attempt_at, last_error, last_error_at, failures) " +
            "VALUES (@Source, @ETag, @LastModified, @ContentType, @Body, @Format, @Summary, @LastReadAt, @LastAttemptAt, @LastError, @LastErrorAt, @Failures) " +
            "ON CONFLICT (source) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, content_type = excluded.content_type, " +
            "body = excluded.body, format = excluded.format, summary = excluded.summary, last_read_at = excluded.last_read_at, " +
            "last_attempt_at = excluded.last_attempt_at, last_error = excluded.last_error, last_error_at = excluded.last_error_at, failures = excluded.failures",
            new
            {
                state.Source, state.ETag, state.LastModified, state.ContentType, state.Body, state.Format, state.Summary,
                LastReadAt = state.LastReadAt?.ToColumn(), LastAttemptAt = state.LastAttemptAt?.ToColumn(), state.LastError,
                LastErrorAt = state.LastErrorAt?.ToColumn(), state.Failures,
            });
    }

    public async Task<IReadOnlyList<OfficialStatusObservation>> LatestAsync(string service, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<OfficialStatusRow>(
            $"SELECT {OfficialStatusRow.Columns} FROM official_statuses " +
            "WHERE service = @Service AND at > @Since ORDER BY at, id", new { Service = service, Since = since.ToColumn() });
        var latest = rows.GroupBy(o => o.Component ?? "").Select(g => g.Last()).OrderBy(o => o.Component, StringComparer.Ordinal);
        return latest.Select(o => o.ToObservation()).ToList();
    }

    private static DateTimeOffset? Time(long? column) => column is { } ms ? TimeColumns.FromColumn(ms) : null;

    private sealed class IncidentRow
    {
        public string Service { get; init; } = "";
        public string Id { get; init; } = "";
        public int Kind { get; init; }
        public string Title { get; init; } = "";
        public int? Impact { get; init; }
        public int Phase { get; init; }
        public long StartedAt { get; init; }
        public long? ResolvedAt { get; init; }
        public long? WindowStart { get; init; }
        public long? WindowEnd { get; init; }
        public string? Url { get; init; }
        public string Components { get; init; } = "[]";
        public string Updates { get; init; } = "[]";
        public string Source { get; init; } = "";
    }

    private sealed class StateRow
    {
        public string Source { get; init; } = "";
        public string? ETag { get; init; }
        public string? LastModified { get; init; }
        public string? ContentType { get; init; }
        public byte[]? Body { get; init; }
        public string? Format { get; init; }
        public string? Summary { get; init; }
        public long? LastReadAt { get; init; }
        public long? LastAttemptAt { get; init; }
        public string? LastError { get; init; }
        public long? LastErrorAt { get; init; }
        public int Failures { get; init; }
    }
}
