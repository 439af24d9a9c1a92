using System.Text.Json;
using Dapper;
using Downwatch.Domain.Operators;
using Downwatch.Domain.Status;
using Downwatch.Storage.Sql;

namespace Downwatch.Storage;

/// <summary>Console accounts.</summary>
public interface IOperatorStore
{
    Task<OperatorAccount?> FindAsync(string name, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<OperatorAccount>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces the account of that name.</summary>
    Task SaveAsync(OperatorAccount account, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default);
}

/// <summary>Overrides, maintenance windows and silences, kept after they end. Adding one whose id is already stored
/// (the same form sent twice) stores nothing and answers false.</summary>
public interface IOperatorStatementStore
{
    Task<bool> AddAsync(StatusOverride statement, CancellationToken cancellationToken = default);

    Task<bool> AddAsync(MaintenanceWindow statement, CancellationToken cancellationToken = default);

    Task<bool> AddAsync(ProbeSilence statement, CancellationToken cancellationToken = default);

    /// <summary>Statements that have not ended by <paramref name="since"/> (running ones and maintenance announced ahead).</summary>
    Task<OperatorStatements> NotEndedAsync(DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Ends a statement now (an override cleared, maintenance cancelled or finished early); false when there is
    /// no such statement still running or ahead.</summary>
    Task<bool> EndAsync(string id, DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>Who did what, when, from which address.</summary>
public interface IAuditLog
{
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Newest first; <paramref name="actor"/> and <paramref name="action"/> filter when given.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAsync(string? actor, string? action, int limit, CancellationToken cancellationToken = default);

    Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}

public sealed class SqlOperatorStore(IConnectionFactory connections) : IOperatorStore
{
    private const string Columns = "name, role, password_hash AS PasswordHash, stamp, failed_sign_ins AS FailedSignIns, " +
        "locked_until AS LockedUntil, created_at AS CreatedAt, second_factor AS SecondFactor, last_code_step AS LastCodeStep";

    public async Task<OperatorAccount?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM operator_accounts WHERE name = @Name", new { Name = name });
        return row?.ToAccount();
    }

    public async Task<IReadOnlyList<OperatorAccount>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Row>($"SELECT {Columns} FROM operator_accounts ORDER BY name")).Select(r => r.ToAccount()).ToList();
    }

    public async Task SaveAsync(OperatorAccount account, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT INTO operator_accounts (name, role, password_hash, stamp, failed_sign_ins, locked_until, created_at, second_factor, last_code_step) " +
            "VALUES (@Name, @Role, @PasswordHash, @Stamp, @FailedSignIns, @LockedUntil, @CreatedAt, @SecondFactor, @LastCodeStep) " +
            "ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash, stamp = excluded.stamp, " +
            "failed_sign_ins = excluded.failed_sign_ins, locked_until = excluded.locked_until, second_factor = excluded.second_factor, " +
            "last_code_step = excluded.last_code_step",
            new
            {
                account.Name, Role = (int)account.Role, account.PasswordHash, account.Stamp, account.FailedSignIns,
                LockedUntil = account.LockedUntil?.ToColumn(), CreatedAt = account.CreatedAt.ToColumn(), account.SecondFactor,
                account.LastCodeStep,
            });
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("DELETE FROM operator_accounts WHERE name = @Name", new { Name = name }) > 0;
    }

    private sealed class Row
    {
        public string Name { get; init; } = "";
        public int Role { get; init; }
        public string PasswordHash { get; init; } = "";
        public string Stamp { get; init; } = "";
        public int FailedSignIns { get; init; }
        public long? LockedUntil { get; init; }
        public long CreatedAt { get; init; }
        public string? SecondFactor { get; init; }
        public long LastCodeStep { get; init; }

        public OperatorAccount ToAccount() => new(Name, (OperatorRole)Role, PasswordHash, Stamp, FailedSignIns,
            LockedUntil is { } until ? TimeColumns.FromColumn(until) : null, TimeColumns.FromColumn(CreatedAt), SecondFactor, LastCodeStep);
    }
}

public sealed class SqlOperatorStatementStore(IConnectionFactory connections) : IOperatorStatementStore
{
    private const string Override = "override";
    private const string Maintenance = "maintenance";
    private const string Silence = "silence";

    public Task<bool> AddAsync(StatusOverride statement, CancellationToken cancellationToken = default) =>
        InsertAsync(statement.Id, Override, statement.Service, [statement.Component], statement.Status, statement.Reason,
            statement.SetBy, statement.SetAt, statement.ExpiresAt, cancellationToken);

    public Task<bool> AddAsync(MaintenanceWindow statement, CancellationToken cancellationToken = default) =>
        InsertAsync(statement.Id, Maintenance, statement.Service, statement.Components, null, statement.Text, statement.CreatedBy,
            statement.StartsAt, statement.EndsAt, cancellationToken);

    public Task<bool> AddAsync(ProbeSilence statement, CancellationToken cancellationToken = default) =>
        InsertAsync(statement.Id, Silence, statement.Service, [statement.Component], null, statement.Reason, statement.SetBy,
            statement.SetAt, statement.Until, cancellationToken);

    public async Task<OperatorStatements> NotEndedAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<Row>(
            "SELECT id, kind, service, components, status, text, author, starts_at AS StartsAt, ends_at AS EndsAt " +
            "FROM operator_statements WHERE ends_at > @Since AND ends_at > starts_at ORDER BY starts_at, id", new { Since = since.ToColumn() })).ToList();
        return new OperatorStatements(
            rows.Where(r => r.Kind == Override).Select(r => new StatusOverride(r.Id, r.Service, r.Component, (ServiceStatus)(r.Status ?? 0),
                r.Text, r.Author, TimeColumns.FromColumn(r.StartsAt), TimeColumns.FromColumn(r.EndsAt))).ToList(),
            rows.Where(r => r.Kind == Maintenance).Select(r => new MaintenanceWindow(r.Id, r.Service, r.ComponentList, TimeColumns.FromColumn(r.StartsAt),
                TimeColumns.FromColumn(r.EndsAt), r.Text, r.Author)).ToList(),
            rows.Where(r => r.Kind == Silence).Select(r => new ProbeSilence(r.Id, r.Service, r.Component, r.Text, r.Author,
                TimeColumns.FromColumn(r.StartsAt), TimeColumns.FromColumn(r.EndsAt))).ToList());
    }

    public async Task<bool> EndAsync(string id, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        // A window that has not started yet is cancelled: it ends where it would have started (no length: never read again).
        return await connection.ExecuteAsync(
            "UPDATE operator_statements SET ends_at = CASE WHEN starts_at > @Now THEN starts_at ELSE @Now END WHERE id = @Id AND ends_at > @Now",
            new { Id = id, Now = now.ToColumn() }) > 0;
    }

    private async Task<bool> InsertAsync(string id, string kind, string service, IReadOnlyList<string> components, ServiceStatus? status,
        string text, string author, DateTimeOffset startsAt, DateTimeOffset endsAt, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "INSERT INTO operator_statements (id, kind, service, components, status, text, author, starts_at, ends_at) " +
            "VALUES (@Id, @Kind, @Service, @Components, @Status, @Text, @Author, @StartsAt, @EndsAt) ON CONFLICT (id) DO NOTHING",
            new
            {
                Id = id, Kind = kind, Service = service, Components = JsonSerializer.Serialize(components), Status = (int?)status,
                Text = text, Author = author, StartsAt = startsAt.ToColumn(), EndsAt = endsAt.ToColumn(),
            }) > 0;
    }

    private sealed class Row
    {
        public string Id { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Service { get; init; } = "";
        public string Components { get; init; } = "[]";
        public int? Status { get; init; }
        public string Text { get; init; } = "";
        public string Author { get; init; } = "";
        public long StartsAt { get; init; }
        public long EndsAt { get; init; }

        public List<string> ComponentList => JsonSerializer.Deserialize<List<string>>(Components) ?? [];

        public string Component => ComponentList.Count == 0 ? "" : ComponentList[0];
    }
}

public sealed class SqlAuditLog(IConnectionFactory connections) : IAuditLog
{
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("INSERT INTO audit_log (at, actor, address, action, detail) VALUES (@At, @Actor, @Address, @Action, @Detail)",
            new { At = entry.At.ToColumn(), entry.Actor, entry.Address, entry.Action, entry.Detail });
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string? actor, string? action, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long At, string Actor, string Address, string Action, string Detail)>(
            "SELECT at, actor, address, action, detail FROM audit_log WHERE (@Actor IS NULL OR actor = @Actor) " +
            "AND (@Action IS NULL OR action = @Action) ORDER BY at DESC, id DESC LIMIT @Limit",
            new { Actor = actor, Action = action, Limit = limit });
        return rows.Select(r => new AuditEntry(TimeColumns.FromColumn(r.At), r.Actor, r.Address, r.Action, r.Detail)).ToList();
    }

    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("DELETE FROM audit_log WHERE at < @Before", new { Before = before.ToColumn() });
    }
}
