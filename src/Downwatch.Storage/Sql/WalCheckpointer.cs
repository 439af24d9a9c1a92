using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Downwatch.Storage.Sql;

/// <summary>
/// Moves the SQLite write-ahead log into the database file in the background, every <see cref="Interval"/>, on its own
/// connection (a PASSIVE checkpoint: it never blocks readers or writers), so that no commit has to. While it runs,
/// connections are opened with automatic checkpoints off.
/// </summary>
/// <remarks>
/// Durability does not depend on it: with journal_mode=WAL and synchronous=NORMAL a committed transaction is in the WAL
/// file (written, not fsynced) before the commit returns; if the process is killed the operating system still holds
/// and writes those pages, and the next open replays the WAL. Only a power loss or kernel crash can lose the last
/// commits, which synchronous=FULL would prevent at the cost of an fsync per commit.
/// </remarks>
public sealed partial class WalCheckpointer(IConnectionFactory connections, TimeProvider time, ILogger<WalCheckpointer> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (connections is not SqliteConnectionFactory sqlite)
        {
            return;
        }

        sqlite.AutoCheckpoint = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(Interval, time, stoppingToken);
                try
                {
                    await using var connection = await sqlite.OpenAsync(stoppingToken);
                    await using var checkpoint = connection.CreateCommand();
                    checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                    await checkpoint.ExecuteNonQueryAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogCheckpointFailed(log, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            sqlite.AutoCheckpoint = true;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "WAL checkpoint failed; the next one tries again")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
