using Dapper;
using Downwatch.Storage.Sql;

namespace Downwatch.Storage;

/// <summary>
/// Who is told about changes, and how. <paramref name="Channel"/> is "email", "webhook", "slack" or "discord";
/// <paramref name="Target"/> the address or URL. <paramref name="Service"/> null means every service; a
/// <paramref name="Component"/> narrows it to one component. <paramref name="Secret"/> signs webhook bodies, and
/// for e-mail it is the key unsubscribe links are derived from. <paramref name="OwnerKey"/> names the API key that
/// created it (null for public e-mail subscriptions).
/// </summary>
public sealed record Subscription(
    string Id,
    string Channel,
    string Target,
    string? Service,
    string? Component,
    string Secret,
    DateTimeOffset? ConfirmedAt,
    string? OwnerKey,
    DateTimeOffset CreatedAt)
{
    public bool IsConfirmed => ConfirmedAt is not null;
}

/// <summary>Notification subscriptions; e-mail ones wait unconfirmed until the hashed confirmation token comes back.</summary>
public interface ISubscriptionStore
{
    Task AddAsync(Subscription subscription, string? confirmHash, CancellationToken cancellationToken = default);

    Task<Subscription?> FindAsync(string id, CancellationToken cancellationToken = default);

    Task<Subscription?> FindSameAsync(string channel, string target, string? service, string? component, CancellationToken cancellationToken = default);

    /// <summary>Replaces the confirmation token hash of a subscription still waiting for confirmation.</summary>
    Task<bool> SetConfirmHashAsync(string id, string confirmHash, CancellationToken cancellationToken = default);

    /// <summary>Confirms the subscription whose confirmation token has this hash; the token works once.</summary>
    Task<Subscription?> ConfirmAsync(string confirmHash, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Removes a subscription and whatever was still waiting to be sent to it.</summary>
    Task<bool> RemoveAsync(string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Subscription>> OwnedByAsync(string ownerKey, CancellationToken cancellationToken = default);

    /// <summary>Every subscription, newest first, up to <paramref name="limit"/> (the operator console).</summary>
    Task<IReadOnlyList<Subscription>> ListAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Confirmed subscriptions to every service or to <paramref name="service"/> (any component).</summary>
    Task<IReadOnlyList<Subscription>> ConfirmedForAsync(string service, CancellationToken cancellationToken = default);
}

public sealed class SqlSubscriptionStore(IConnectionFactory connections) : ISubscriptionStore
{
    private const string Columns = "id, channel, target, service, component, secret, confirmed_at AS ConfirmedAt, owner_key AS OwnerKey, created_at AS CreatedAt";

    public async Task AddAsync(Subscription subscription, string? confirmHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT INTO subscriptions (id, channel, target, service, component, secret, confirm_hash, confirmed_at, owner_key, created_at) " +
            "VALUES (@Id, @Channel, @Target, @Service, @Component, @Secret, @ConfirmHash, @ConfirmedAt, @OwnerKey, @CreatedAt)",
            new
            {
                subscription.Id, subscription.Channel, subscription.Target, subscription.Service, subscription.Component, subscription.Secret,
                ConfirmHash = confirmHash, ConfirmedAt = subscription.ConfirmedAt?.ToColumn(), subscription.OwnerKey,
                CreatedAt = subscription.CreatedAt.ToColumn(),
            });
    }

    public async Task<Subscription?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM subscriptions WHERE id = @Id", new { Id = id });
        return row?.ToSubscription();
    }

    public async Task<Subscription?> FindSameAsync(string channel, string target, string? service, string? component, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QueryFirstOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM subscriptions WHERE channel = @Channel AND target = @Target " +
            "AND service IS NOT DISTINCT FROM @Service AND component IS NOT DISTINCT FROM @Component ORDER BY created_at LIMIT 1",
            new { Channel = channel, Target = target, Service = service, Component = component });
        return row?.ToSubscription();
    }

    public async Task<bool> SetConfirmHashAsync(string id, string confirmHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("UPDATE subscriptions SET confirm_hash = @Hash WHERE id = @Id AND confirmed_at IS NULL",
            new { Id = id, Hash = confirmHash }) > 0;
    }

    public async Task<Subscription?> ConfirmAsync(string confirmHash, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var id = await connection.QuerySingleOrDefaultAsync<string>(
            "UPDATE subscriptions SET confirmed_at = @At, confirm_hash = NULL WHERE confirm_hash = @Hash AND confirmed_at IS NULL RETURNING id",
            new { Hash = confirmHash, At = now.ToColumn() });
        return id is null ? null : await FindAsync(id, cancellationToken);
    }

    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("DELETE FROM deliveries WHERE subscription_id = @Id AND state = 'pending'", new { Id = id }, transaction);
        var removed = await connection.ExecuteAsync("DELETE FROM subscriptions WHERE id = @Id", new { Id = id }, transaction);
        await transaction.CommitAsync(cancellationToken);
        return removed > 0;
    }

    public async Task<IReadOnlyList<Subscription>> OwnedByAsync(string ownerKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>($"SELECT {Columns} FROM subscriptions WHERE owner_key = @Owner ORDER BY created_at, id",
            new { Owner = ownerKey });
        return rows.Select(r => r.ToSubscription()).ToList();
    }

    public async Task<IReadOnlyList<Subscription>> ListAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>($"SELECT {Columns} FROM subscriptions ORDER BY created_at DESC, id LIMIT @Limit", new { Limit = limit });
        return rows.Select(r => r.ToSubscription()).ToList();
    }

    public async Task<IReadOnlyList<Subscription>> ConfirmedForAsync(string service, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(
            // A revoked key's subscriptions stop with it (an e-mail subscription has no key).
            $"SELECT {Columns} FROM subscriptions WHERE confirmed_at IS NOT NULL AND (service IS NULL OR service = @Service) " +
            "AND NOT EXISTS (SELECT 1 FROM api_keys k WHERE k.name = subscriptions.owner_key AND k.revoked_at IS NOT NULL)",
            new { Service = service });
        return rows.Select(r => r.ToSubscription()).ToList();
    }

    private sealed class Row
    {
        public string Id { get; init; } = "";
        public string Channel { get; init; } = "";
        public string Target { get; init; } = "";
        public string? Service { get; init; }
        public string? Component { get; init; }
        public string Secret { get; init; } = "";
        public long? ConfirmedAt { get; init; }
        public string? OwnerKey { get; init; }
        public long CreatedAt { get; init; }

        public Subscription ToSubscription() => new(Id, Channel, Target, Service, Component, Secret,
            ConfirmedAt is { } c ? TimeColumns.FromColumn(c) : null, OwnerKey, TimeColumns.FromColumn(CreatedAt));
    }
}
