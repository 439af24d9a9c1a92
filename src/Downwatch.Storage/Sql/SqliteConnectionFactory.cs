using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Downwatch.Storage.Sql;

/// <summary>SQLite in WAL mode, with a busy timeout so concurrent writers wait instead of failing.</summary>
public sealed class SqliteConnectionFactory : IConnectionFactory
{
    public SqliteConnectionFactory(string path)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            DefaultTimeout = 30,
            Pooling = true,
        }.ToString();
    }

    public string ConnectionString { get; }

    /// <summary>
    /// Whether a commit that finds the WAL over 1,000 pages checkpoints it itself (SQLite's default). Turned off while a
    /// <see cref="WalCheckpointer"/> runs: while pages keep read transactions open, such a checkpoint rarely finishes,
    /// so every later commit would try again, each with an fsync, and the writers would crawl.
    /// </summary>
    public bool AutoCheckpoint { get; set; } = true;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = AutoCheckpoint
            ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA wal_autocheckpoint=1000;"
            : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA wal_autocheckpoint=0;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
