namespace Downwatch.Storage.Cluster;

/// <summary>One status round as the leader published it: its number, the leader's term and the round's content.</summary>
public sealed record PublishedRound(long Id, long Term, DateTimeOffset At, string Payload);

/// <summary>Status rounds handed from the leader to the other nodes through the database.</summary>
public interface IStatusRoundStore
{
    /// <summary>Publishes a round, only while <paramref name="term"/> is still the lease's current term and unexpired
    /// (a paused former leader cannot publish over its successor); returns the round's number, or null when fenced off.</summary>
    Task<long?> PublishAsync(string lease, long term, DateTimeOffset at, string payload, CancellationToken cancellationToken = default);

    /// <summary>Rounds after <paramref name="afterId"/>, oldest first; with null, only the newest round.</summary>
    Task<IReadOnlyList<PublishedRound>> ReadAfterAsync(long? afterId, int limit, CancellationToken cancellationToken = default);

    /// <summary>Keeps the newest <paramref name="keep"/> rounds.</summary>
    Task<int> PruneAsync(int keep, CancellationToken cancellationToken = default);
}
