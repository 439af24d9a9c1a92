using Downwatch.Storage.Sql;
using Downwatch.TestSupport;
using Npgsql;

namespace Downwatch.Storage.Tests;

/// <summary>
/// The contract suite on a real PostgreSQL: each test gets a database of its own, created through the connection
/// string in <see cref="ConnectionVariable"/> (a role allowed to create databases) and dropped afterwards.
/// </summary>
public sealed class PostgresStoreTests : StoreContractTests
{
    public const string ConnectionVariable = "DOWNWATCH_TEST_POSTGRES";

    private static readonly string? Server = Environment.GetEnvironmentVariable(ConnectionVariable);
    private ScratchDatabase? _database;
    private PostgresConnectionFactory? _factory;

    public static string? SkipReason => string.IsNullOrWhiteSpace(Server)
        ? $"PostgreSQL half of the storage contract: set {ConnectionVariable} to a connection string whose role may create databases " +
          "(for example Host=127.0.0.1;Username=downwatch;Password=downwatch;Database=postgres); .ci/run does."
        : null;

    protected override async Task<IConnectionFactory> CreateDatabaseAsync()
    {
        _database = await ScratchDatabase.CreateAsync(Server!);
        _factory = new PostgresConnectionFactory(_database.ConnectionString);
        new DatabaseMigrator(_factory).MigrateUp();
        return _factory;
    }

    private protected override async Task<EarlierDatabase> EarlierDatabaseAsync(long version)
    {
        var database = await ScratchDatabase.CreateAsync(Server!);
        var factory = new PostgresConnectionFactory(database.ConnectionString);
        new DatabaseMigrator(factory).MigrateUp(version);
        return new EarlierDatabase(factory, async () =>
        {
            factory.Dispose();
            await database.DisposeAsync();
        });
    }

    protected override async Task DropDatabaseAsync()
    {
        _factory?.Dispose();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [ContractFact]
    public async Task Nodes_starting_together_migrate_one_at_a_time()
    {
        await using var fresh = await ScratchDatabase.CreateAsync(Server!);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            using var factory = new PostgresConnectionFactory(fresh.ConnectionString);
            new DatabaseMigrator(factory).MigrateUp();
        })));
        await using var check = new NpgsqlConnection(fresh.ConnectionString);
        await check.OpenAsync();
        var migrations = typeof(DatabaseMigrator).Assembly.GetTypes().Count(t => t.IsSubclassOf(typeof(FluentMigrator.Migration)));
        await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM \"VersionInfo\"", check);
        Assert.Equal((long)migrations, await count.ExecuteScalarAsync());
    }

    [ContractFact]
    public async Task A_published_round_is_announced_to_every_listening_node_and_a_fenced_one_is_not()
    {
        using var otherNode = new PostgresConnectionFactory(_database!.ConnectionString);
        using var listener = new Cluster.RoundAnnouncements(otherNode, Microsoft.Extensions.Logging.Abstractions.NullLogger<Cluster.RoundAnnouncements>.Instance);
        var listening = listener.NextAsync(CancellationToken.None); // the first comes when it starts listening
        await listener.StartAsync(CancellationToken.None);
        await listening.WaitAsync(TimeSpan.FromSeconds(30));

        var leases = new SqlLeaseStore(_connections);
        var rounds = new SqlStatusRoundStore(_connections);
        var term = await leases.TryAcquireAsync(Cluster.Leadership.LeaderLease, "a", TimeSpan.FromSeconds(30));
        var next = listener.NextAsync(CancellationToken.None);
        Assert.Null(await rounds.PublishAsync(Cluster.Leadership.LeaderLease, term!.Value + 1, Now, "{}")); // fenced off
        var published = await rounds.PublishAsync(Cluster.Leadership.LeaderLease, term.Value, Now, "{}");
        Assert.NotNull(published);
        // The first announcement after both is the round that was stored: nothing was announced for the one refused.
        Assert.Equal(published, await next.WaitAsync(TimeSpan.FromSeconds(30)));
        await listener.StopAsync(CancellationToken.None);
    }

    [ContractFact]
    public void An_unreachable_server_is_a_clear_error_naming_host_and_database_never_the_password()
    {
        using var factory = new PostgresConnectionFactory("Host=127.0.0.1;Port=1;Database=nowhere;Username=x;Password=secret-word;Timeout=2");
        var e = Assert.Throws<StorageUnavailableException>(() => new DatabaseMigrator(factory).MigrateUp());
        Assert.StartsWith("Cannot open the PostgreSQL database 'nowhere' on 127.0.0.1:1: ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-word", e.Message, StringComparison.Ordinal);
    }
}
