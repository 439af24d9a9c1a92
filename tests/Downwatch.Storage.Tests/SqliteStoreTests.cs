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

    private protected override Task<EarlierDatabase> EarlierDatabaseAsync(long version)
    {
        var factory = new SqliteConnectionFactory(Path.Combine(_directory, $"earlier-{version}.db"));
        new DatabaseMigrator(factory).MigrateUp(version);
        return Task.FromResult(new EarlierDatabase(factory, () => ValueTask.CompletedTask)); // deleted with the directory
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
        var migrations = typeof(DatabaseMigrator).Assembly.GetTypes().Count(t => t.IsSubclassOf(typeof(FluentMigrator.Migration)));
        Assert.Equal(migrations, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM VersionInfo"));
        Assert.True(File.Exists(Path.Combine(_directory, "nested", "downwatch.db")));
    }
}
