using Downwatch.Storage.Sql;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Downwatch.Storage.Cluster;

/// <summary>Word that the leader has just published a status round, so a follower need not wait for its next look.</summary>
public interface IRoundAnnouncements
{
    /// <summary>Completes at the next announcement with the round's id (0: "look, something may have been missed"); where
    /// the database cannot announce (SQLite, one process) it never does.</summary>
    Task<long> NextAsync(CancellationToken cancellationToken);
}

/// <summary>
/// On PostgreSQL, one connection per node listens on <see cref="Channel"/> (LISTEN/NOTIFY), where the leader announces
/// each round it publishes. A lost connection is opened again after a pause that grows to 30 s; every (re)connection
/// also counts as an announcement, so a follower looks once for what it may have missed meanwhile. Followers keep
/// looking on their own schedule as well: an announcement only makes them look sooner.
/// </summary>
public sealed partial class RoundAnnouncements(IConnectionFactory connections, ILogger<RoundAnnouncements> log)
    : BackgroundService, IRoundAnnouncements
{
    public const string Channel = "downwatch_rounds";

    private TaskCompletionSource<long> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<long> NextAsync(CancellationToken cancellationToken) => Volatile.Read(ref _next).Task.WaitAsync(cancellationToken);

    private void Announce(long round) =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(round);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (connections is not PostgresConnectionFactory)
        {
            return;
        }

        var pause = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = (NpgsqlConnection)await connections.OpenAsync(stoppingToken);
                connection.Notification += (_, e) =>
                    Announce(long.TryParse(e.Payload, System.Globalization.CultureInfo.InvariantCulture, out var round) ? round : 0);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                Announce(0);
                pause = TimeSpan.FromSeconds(1);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogListenFailed(log, e, pause);
                await Task.Delay(pause, stoppingToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for status rounds failed; followers look on their own schedule meanwhile, listening again in {Pause}")]
    private static partial void LogListenFailed(ILogger logger, Exception exception, TimeSpan pause);
}
