using Dapper;
using Downwatch.Storage.Sql;

namespace Downwatch.Storage;

/// <summary>A notification waiting to be sent, sent, or given up on (a dead letter).</summary>
/// <param name="EventId">The event it tells about; one delivery per subscription and event.</param>
/// <param name="IdempotencyKey">Sent with every attempt, so a receiver can drop repeats.</param>
/// <param name="Kind">What the payload is: a status change, an incident update, or an e-mail confirmation.</param>
public sealed record Delivery(
    long Id,
    string SubscriptionId,
    string EventId,
    string IdempotencyKey,
    string Kind,
    string Payload,
    string State,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt)
{
    /// <summary>The API key whose subscription it is ("" for public e-mail subscriptions), as <c>DueAsync</c> reads it:
    /// the unit of fair shares.</summary>
    public string Owner { get; init; } = "";
}

/// <summary>A delivery to enqueue.</summary>
public sealed record NewDelivery(string SubscriptionId, string EventId, string Kind, string Payload);

public static class DeliveryStates
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Dead = "dead";
}

/// <summary>The persisted delivery queue: survives restarts; the sender takes due rows and records each attempt.</summary>
public interface IDeliveryStore
{
    /// <summary>Queues deliveries due now; one already queued for the same subscription and event is left alone.</summary>
    Task<int> EnqueueAsync(IReadOnlyCollection<NewDelivery> deliveries, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Pending deliveries due at <paramref name="now"/>, oldest first, at most one per subscription and none for the
    /// <paramref name="busy"/> subscriptions (those with an attempt in flight).
    /// </summary>
    /// <remarks>In turns across owners (API keys): each owner's earliest first, then each owner's second, and so on.</remarks>
    Task<IReadOnlyList<Delivery>> DueAsync(DateTimeOffset now, int limit, IReadOnlyCollection<string> busy, CancellationToken cancellationToken = default);

    /// <summary>When the next pending delivery of a subscription not <paramref name="busy"/> falls due, or null.</summary>
    Task<DateTimeOffset?> NextDueAsync(IReadOnlyCollection<string> busy, CancellationToken cancellationToken = default);

    Task<int> PendingCountAsync(CancellationToken cancellationToken = default);

    Task MarkSentAsync(long id, int attempts, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Records a failed attempt and when to try again.</summary>
    Task MarkRetryAsync(long id, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken = default);

    /// <summary>Gives up: the delivery stays stored as a dead letter with its last error.</summary>
    Task MarkDeadAsync(long id, int attempts, DateTimeOffset now, string error, CancellationToken cancellationToken = default);

    /// <summary>Drops a pending delivery whose subscription is gone.</summary>
    Task DropAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Deletes sent deliveries finished before <paramref name="sentBefore"/> and dead letters before <paramref name="deadBefore"/>.</summary>
    Task<int> PruneAsync(DateTimeOffset sentBefore, DateTimeOffset deadBefore, CancellationToken cancellationToken = default);

    /// <summary>Dead letters of the given subscriptions, newest first.</summary>
    Task<IReadOnlyList<Delivery>> DeadLettersAsync(IReadOnlyCollection<string> subscriptionIds, int limit, CancellationToken cancellationToken = default);

    /// <summary>Every subscription's dead letters, newest first (the operator console).</summary>
    Task<IReadOnlyList<Delivery>> AllDeadLettersAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>A dead letter sent again: pending from <paramref name="now"/> with a fresh count of attempts; false when
    /// there is no dead letter of that id.</summary>
    Task<bool> RetryDeadAsync(long id, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Deletes a dead letter; false when there is none of that id.</summary>
    Task<bool> DropDeadAsync(long id, CancellationToken cancellationToken = default);
}

public sealed class SqlDeliveryStore(IConnectionFactory connections) : IDeliveryStore
{
    private const string Columns = "id, subscription_id AS SubscriptionId, event_id AS EventId, idempotency_key AS IdempotencyKey, kind, payload, " +
        "state, attempts, next_attempt_at AS NextAttemptAt, last_error AS LastError, created_at AS CreatedAt, finished_at AS FinishedAt";

    public async Task<int> EnqueueAsync(IReadOnlyCollection<NewDelivery> deliveries, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (deliveries.Count == 0)
        {
            return 0;
        }

        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var added = 0;
        foreach (var d in deliveries)
        {
            added += await connection.ExecuteAsync(
                "INSERT INTO deliveries (subscription_id, event_id, idempotency_key, kind, payload, state, attempts, next_attempt_at, created_at) " +
                "VALUES (@SubscriptionId, @EventId, @Key, @Kind, @Payload, 'pending', 0, @At, @At) " +
                "ON CONFLICT (subscription_id, event_id) DO NOTHING",
                new { d.SubscriptionId, d.EventId, Key = Guid.NewGuid().ToString("N"), d.Kind, d.Payload, At = now.ToColumn() }, transaction);
        }

        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    public async Task<IReadOnlyList<Delivery>> DueAsync(DateTimeOffset now, int limit, IReadOnlyCollection<string> busy, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        // Taken in turns across owners (each key's earliest, then each key's second, …), so that one key with many
        // due deliveries cannot fill the list ahead of another key's one.
        var rows = await connection.QueryAsync<Row>(
            "SELECT * FROM (SELECT d.id, d.subscription_id AS SubscriptionId, d.event_id AS EventId, d.idempotency_key AS IdempotencyKey, " +
            "d.kind, d.payload, d.state, d.attempts, d.next_attempt_at AS NextAttemptAt, d.last_error AS LastError, d.created_at AS CreatedAt, " +
            "d.finished_at AS FinishedAt, COALESCE(s.owner_key, '') AS Owner, " +
            "ROW_NUMBER() OVER (PARTITION BY COALESCE(s.owner_key, '') ORDER BY d.next_attempt_at, d.id) AS Turn " +
            "FROM deliveries d LEFT JOIN subscriptions s ON s.id = d.subscription_id WHERE d.id IN (" +
            $"SELECT MIN(id) FROM deliveries WHERE state = 'pending' AND next_attempt_at <= @Now AND subscription_id {connections.NotInList("@Busy")} " +
            "GROUP BY subscription_id)) due ORDER BY Turn, NextAttemptAt, Id LIMIT @Limit",
            new { Now = now.ToColumn(), Busy = busy.Count == 0 ? [""] : busy, Limit = limit });
        return rows.Select(r => r.ToDelivery()).ToList();
    }

    public async Task<DateTimeOffset?> NextDueAsync(IReadOnlyCollection<string> busy, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var at = await connection.ExecuteScalarAsync<long?>(
            $"SELECT MIN(next_attempt_at) FROM deliveries WHERE state = 'pending' AND subscription_id {connections.NotInList("@Busy")}",
            new { Busy = busy.Count == 0 ? [""] : busy });
        return at is { } ms ? TimeColumns.FromColumn(ms) : null;
    }

    public async Task<int> PendingCountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM deliveries WHERE state = 'pending'");
    }

    public async Task MarkSentAsync(long id, int attempts, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("UPDATE deliveries SET state = 'sent', attempts = @Attempts, finished_at = @At, last_error = NULL WHERE id = @Id",
            new { Id = id, Attempts = attempts, At = now.ToColumn() });
    }

    public async Task MarkRetryAsync(long id, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("UPDATE deliveries SET attempts = @Attempts, next_attempt_at = @Next, last_error = @Error WHERE id = @Id",
            new { Id = id, Attempts = attempts, Next = nextAttemptAt.ToColumn(), Error = Clip(error) });
    }

    public async Task MarkDeadAsync(long id, int attempts, DateTimeOffset now, string error, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE deliveries SET state = 'dead', attempts = @Attempts, finished_at = @At, last_error = @Error WHERE id = @Id",
            new { Id = id, Attempts = attempts, At = now.ToColumn(), Error = Clip(error) });
    }

    public async Task DropAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("DELETE FROM deliveries WHERE id = @Id AND state = 'pending'", new { Id = id });
    }

    public async Task<int> PruneAsync(DateTimeOffset sentBefore, DateTimeOffset deadBefore, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "DELETE FROM deliveries WHERE (state = 'sent' AND finished_at < @Sent) OR (state = 'dead' AND finished_at < @Dead)",
            new { Sent = sentBefore.ToColumn(), Dead = deadBefore.ToColumn() });
    }

    public async Task<IReadOnlyList<Delivery>> DeadLettersAsync(IReadOnlyCollection<string> subscriptionIds, int limit, CancellationToken cancellationToken = default)
    {
        if (subscriptionIds.Count == 0)
        {
            return [];
        }

        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(
            $"SELECT {Columns} FROM deliveries WHERE state = 'dead' AND subscription_id {connections.InList("@Ids")} ORDER BY finished_at DESC, id DESC LIMIT @Limit",
            new { Ids = subscriptionIds, Limit = limit });
        return rows.Select(r => r.ToDelivery()).ToList();
    }

    public async Task<IReadOnlyList<Delivery>> AllDeadLettersAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(
            $"SELECT {Columns} FROM deliveries WHERE state = 'dead' ORDER BY finished_at DESC, id DESC LIMIT @Limit", new { Limit = limit });
        return rows.Select(r => r.ToDelivery()).ToList();
    }

    public async Task<bool> RetryDeadAsync(long id, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at = @Now, finished_at = NULL WHERE id = @Id AND state = 'dead'",
            new { Id = id, Now = now.ToColumn() }) > 0;
    }

    public async Task<bool> DropDeadAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("DELETE FROM deliveries WHERE id = @Id AND state = 'dead'", new { Id = id }) > 0;
    }

    private static string Clip(string error) => error.Length <= 500 ? error : error[..500];

    private sealed class Row
    {
        public long Id { get; init; }
        public string SubscriptionId { get; init; } = "";
        public string EventId { get; init; } = "";
        public string IdempotencyKey { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Payload { get; init; } = "";
        public string State { get; init; } = "";
        public int Attempts { get; init; }
        public long NextAttemptAt { get; init; }
        public string? LastError { get; init; }
        public long CreatedAt { get; init; }
        public long? FinishedAt { get; init; }
        public string? Owner { get; init; }

        public Delivery ToDelivery() => new(Id, SubscriptionId, EventId, IdempotencyKey, Kind, Payload, State, Attempts,
            TimeColumns.FromColumn(NextAttemptAt), LastError, TimeColumns.FromColumn(CreatedAt),
            FinishedAt is { } f ? TimeColumns.FromColumn(f) : null) { Owner = Owner ?? "" };
    }
}
