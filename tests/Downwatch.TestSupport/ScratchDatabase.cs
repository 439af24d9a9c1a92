using Npgsql;

namespace Downwatch.TestSupport;

/// <summary>A PostgreSQL database of a test's own, created through a role that may create databases and dropped afterwards.</summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly string _server;

    private ScratchDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<ScratchDatabase> CreateAsync(string server, string prefix = "downwatch_test_")
    {
        var database = new ScratchDatabase(server, prefix + Guid.NewGuid().ToString("N"));
        await database.AdminAsync($"CREATE DATABASE {database.Name}");
        return database;
    }

    /// <summary>
    /// Drops the database. Sessions of the test's own role are ended; a server process that is not the role's (an
    /// autovacuum worker that has just connected) cannot be, so the drop is tried again a few times, and a database
    /// still in use at the end is left behind rather than failing the test it served.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await Eventually.ReachedAsync(async () =>
        {
            try
            {
                await AdminAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
                return true;
            }
            catch (PostgresException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(10));
    }

    private async Task AdminAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(_server);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }
}
