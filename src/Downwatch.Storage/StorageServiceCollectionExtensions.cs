using Downwatch.Storage.Migrations;
using Downwatch.Storage.Sql;
using FluentMigrator.Runner;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Downwatch.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the stores for the configured engine (SQLite by default).</summary>
    public static IServiceCollection AddDownwatchStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IConnectionFactory>(sp =>
            new SqliteConnectionFactory(sp.GetRequiredService<IOptions<StorageOptions>>().Value.SqlitePath));
        services.AddSingleton<SqlObservationStore>();
        services.AddSingleton<IObservationStore>(sp => sp.GetRequiredService<SqlObservationStore>());
        services.AddSingleton<IAssessmentStore, SqlAssessmentStore>();
        services.AddSingleton<IRollupStore, SqlRollupStore>();
        services.AddSingleton<IIncidentStore, SqlIncidentStore>();
        services.AddSingleton<IAgentTokenStore, SqlAgentTokenStore>();
        services.AddSingleton<IApiKeyStore, SqlApiKeyStore>();
        services.AddSingleton<ISubscriptionStore, SqlSubscriptionStore>();
        services.AddSingleton<IDeliveryStore, SqlDeliveryStore>();
        services.AddSingleton<SqlOfficialStatusStore>();
        services.AddSingleton<IVendorIncidentStore>(sp => sp.GetRequiredService<SqlOfficialStatusStore>());
        services.AddSingleton<IFeedStateStore>(sp => sp.GetRequiredService<SqlOfficialStatusStore>());
        services.AddSingleton<IOfficialStatusStore>(sp => sp.GetRequiredService<SqlOfficialStatusStore>());
        services.AddSingleton<DatabaseMigrator>();
        services.AddHostedService<WalCheckpointer>();
        return services;
    }
}

/// <summary>Brings the schema up to date with FluentMigrator before anything reads or writes.</summary>
public sealed class DatabaseMigrator(IConnectionFactory connections)
{
    public void MigrateUp()
    {
        var connectionString = connections switch
        {
            SqliteConnectionFactory sqlite => sqlite.ConnectionString,
            _ => throw new NotSupportedException($"No migration runner for {connections.GetType().Name}."),
        };
        using var provider = new ServiceCollection()
            .AddFluentMigratorCore()
            .ConfigureRunner(runner => runner.AddSQLite().WithGlobalConnectionString(connectionString)
                .ScanIn(typeof(Migration001InitialSchema).Assembly).For.Migrations())
            .BuildServiceProvider(false);
        using var scope = provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<IMigrationRunner>().MigrateUp();
    }
}
