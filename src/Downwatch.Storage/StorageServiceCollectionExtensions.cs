using Downwatch.Storage.Cluster;
using Downwatch.Storage.Migrations;
using Downwatch.Storage.Sql;
using FluentMigrator.Runner;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Downwatch.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the stores for the configured engine (SQLite by default).</summary>
    /// <param name="configuration">Read now for what must be known while registering (the key ring certificate); the rest
    /// of the storage options are bound when first used.</param>
    public static IServiceCollection AddDownwatchStorage(this IServiceCollection services, IConfiguration? configuration = null)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations()
            .Validate<IConfiguration>((o, configuration) => !o.IsPostgres || !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Postgres")),
                "Storage:Provider is 'postgres' but ConnectionStrings:Postgres is empty.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, KeyRingCertificateValidation>();
        services.AddSingleton<IConnectionFactory>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return options.IsPostgres
                ? new PostgresConnectionFactory(sp.GetRequiredService<IConfiguration>().GetConnectionString("Postgres")!)
                : new SqliteConnectionFactory(options.SqlitePath);
        });
        services.AddSingleton<Faults.RunningHealth>();
        services.AddSingleton<SqlObservationStore>();
        services.AddSingleton<IObservationStore>(sp => sp.GetRequiredService<SqlObservationStore>());
        services.AddSingleton<IAssessmentStore, SqlAssessmentStore>();
        services.AddSingleton<IRollupStore, SqlRollupStore>();
        services.AddSingleton<IIncidentStore, SqlIncidentStore>();
        services.AddSingleton<IOperatorStore, SqlOperatorStore>();
        services.AddSingleton<IOperatorStatementStore, SqlOperatorStatementStore>();
        services.AddSingleton<IAuditLog, SqlAuditLog>();
        services.AddSingleton<IAgentTokenStore, SqlAgentTokenStore>();
        services.AddSingleton<IApiKeyStore, SqlApiKeyStore>();
        services.AddSingleton<ISubscriptionStore, SqlSubscriptionStore>();
        services.AddSingleton<IProviderKeyStore, SqlProviderKeyStore>();
        services.AddSingleton<ProviderKeyVault>();
        // Provider keys are encrypted with Data Protection; its key ring lives in the database so every node can decrypt,
        // itself encrypted with a certificate when the operator gives one (Storage:KeyRingCertificate).
        services.AddDataProtection().SetApplicationName("Downwatch")
            .ProtectKeyRingWith(configuration?.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions());
        services.AddOptions<KeyManagementOptions>().Configure<IConnectionFactory>((o, c) => o.XmlRepository = new SqlXmlRepository(c));
        services.AddSingleton<IDeliveryStore, SqlDeliveryStore>();
        services.AddSingleton<SqlOfficialStatusStore>();
        services.AddSingleton<IVendorIncidentStore>(sp => sp.GetRequiredService<SqlOfficialStatusStore>());
        services.AddSingleton<IFeedStateStore>(sp => sp.GetRequiredService<SqlOfficialStatusStore>());
        services.AddSingleton<IOfficialStatusStore>(sp => sp.GetRequiredService<SqlOfficialStatusStore>());
        services.AddSingleton<ILeaseStore, SqlLeaseStore>();
        services.AddSingleton<IStatusRoundStore, SqlStatusRoundStore>();
        services.AddSingleton<IProbeMemberStore, SqlProbeMemberStore>();
        services.AddOptions<ClusterOptions>().BindConfiguration(ClusterOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // The lease is kept in real time against the database's clock, whatever clock the rest of the process reads.
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<Leadership>(sp, TimeProvider.System));
        services.AddSingleton<ILeadership>(sp => sp.GetRequiredService<Leadership>());
        services.AddHostedService(sp => sp.GetRequiredService<Leadership>());
        services.AddSingleton<RoundAnnouncements>();
        services.AddSingleton<IRoundAnnouncements>(sp => sp.GetRequiredService<RoundAnnouncements>());
        services.AddHostedService(sp => sp.GetRequiredService<RoundAnnouncements>());
        services.AddSingleton<DatabaseMigrator>();
        services.AddHostedService<WalCheckpointer>();
        return services;
    }
}

/// <summary>Brings the schema up to date with FluentMigrator before anything reads or writes.</summary>
public sealed class DatabaseMigrator(IConnectionFactory connections)
{
    /// <exception cref="StorageUnavailableException">The database cannot be reached or opened.</exception>
    /// <param name="version">Up to this migration only (for tests of a migration's data); all of them by default.</param>
    public void MigrateUp(long? version = null)
    {
        using var provider = new ServiceCollection()
            .AddFluentMigratorCore()
            .ConfigureRunner(runner =>
            {
                var dialect = connections switch
                {
                    SqliteConnectionFactory sqlite => runner.AddSQLite().WithGlobalConnectionString(sqlite.ConnectionString),
                    PostgresConnectionFactory postgres => runner.AddPostgres().WithGlobalConnectionString(postgres.ConnectionString),
                    _ => throw new NotSupportedException($"No migration runner for {connections.GetType().Name}."),
                };
                dialect.ScanIn(typeof(Migration001InitialSchema).Assembly).For.Migrations();
            })
            .BuildServiceProvider(false);
        using var scope = provider.CreateScope();
        try
        {
            // Nodes starting together on one PostgreSQL take turns: the first migrates, the others then find nothing to do.
            using var turn = connections is PostgresConnectionFactory postgres ? postgres.TakeMigrationTurn() : null;
            var runner = scope.ServiceProvider.GetRequiredService<IMigrationRunner>();
            if (version is { } target)
            {
                runner.MigrateUp(target);
            }
            else
            {
                runner.MigrateUp();
            }
        }
        catch (Exception e) when (connections is PostgresConnectionFactory postgres)
        {
            var cause = e is Npgsql.NpgsqlException ? e : e.InnerException ?? e;
            throw new StorageUnavailableException($"Cannot open the {postgres.Describe}: {cause.Message}", e);
        }
        catch (Exception e) when (connections is SqliteConnectionFactory sqlite && Innermost<Microsoft.Data.Sqlite.SqliteException>(e) is { } cause)
        {
            // One line: the file, SQLite's reason, what to do — no stack trace, no connection string.
            throw new StorageUnavailableException($"Cannot open the SQLite database {sqlite.Path}: {cause.Message.ReplaceLineEndings(" ")} "
                + "Restore the file from a backup, or move it away to start with an empty database.", e);
        }
    }

    private static T? Innermost<T>(Exception e) where T : Exception
    {
        T? found = null;
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            found = inner as T ?? found;
        }

        return found;
    }
}

/// <summary>The configured database cannot be reached or opened; the message names it (never a password).</summary>
public sealed class StorageUnavailableException(string message, Exception inner) : Exception(message, inner);
