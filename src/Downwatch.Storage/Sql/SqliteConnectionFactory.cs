using System.Data.Common;
using Downwatch.Storage.Faults;
using Microsoft.Data.Sqlite;

namespace Downwatch.Storage.Sql;

/// <summary>
/// SQLite in WAL mode, with a busy timeout so concurrent writers wait instead of failing. The database file's identity
/// (device and inode) is remembered at the first open and checked before every later one: once the file is deleted or
/// replaced, every use fails with <see cref="DatabaseFileReplacedException"/> until a restart.
/// </summary>
public sealed class SqliteConnectionFactory : IConnectionFactory
{
    public SqliteConnectionFactory(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        Path = full;
        var directory = System.IO.Path.GetDirectoryName(full);
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

    /// <summary>The database file, in full.</summary>
    public string Path { get; }

    private DatabaseFileIdentity? _identity;

    /// <summary>
    /// Whether a commit that finds the WAL over 1,000 pages checkpoints it itself (SQLite's default). Turned off while a
    /// <see cref="WalCheckpointer"/> runs: while pages keep read transactions open, such a checkpoint rarely finishes,
    /// so every later commit would try again, each with an fsync, and the writers would crawl.
    /// </summary>
    public bool AutoCheckpoint { get; set; } = true;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        CheckFileIdentity();
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        _identity ??= DatabaseFileIdentity.Of(Path);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = AutoCheckpoint
            ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA wal_autocheckpoint=1000;"
            : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA wal_autocheckpoint=0;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    /// <exception cref="DatabaseFileReplacedException">The file at <see cref="Path"/> is not the one opened first.</exception>
    public void CheckFileIdentity()
    {
        if (_identity is { } opened && DatabaseFileIdentity.Of(Path) != opened)
        {
            throw new DatabaseFileReplacedException($"The database file {Path} was deleted or replaced while Downwatch was running, so "
                + "nothing more is written to it. Put the file back, or restart Downwatch to open the file now at that path.");
        }
    }
}
