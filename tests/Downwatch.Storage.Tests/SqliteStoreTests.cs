using Dapper;
using Downwatch.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Downwatch.Storage.Tests;

/// <summary>The contract suite on a real SQLite file, plus what is specific to SQLite.</summary>
public sealed class SqliteStoreTests : StoreContractTests
{
    private string _directory = "";

    protected override Task<IConnectionFactory> CreateDatabaseAsync()
    {
        _directory = Directory.CreateTempSubdirectory("downwatch-storage").FullName;
        var factory = new SqliteConnectionFactory(Path.Combine(_directory, "nested", "downwatch.db"));
        new DatabaseMigrator(factory).MigrateUp();
        return Task.FromResult<IConnectionFactory>(factory);
    }

    protected override Task DropDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_database_runs_in_wal_mode_and_migrations_are_recorded_and_idempotent()
    {
        var factory = new SqliteConnectionFactory(Path.Combine(_directory, "nested", "downwatch.db"));
        new DatabaseMigrator(factory).MigrateUp();
        await using var connection = await factory.OpenAsync();
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM VersionInfo"));
        Assert.True(File.Exists(Path.Combine(_directory, "nested", "downwatch.db")));
    }
}
