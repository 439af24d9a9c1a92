using System.Data.Common;
using Npgsql;

namespace Downwatch.Storage.Sql;

/// <summary>PostgreSQL through one pooled Npgsql data source; several Downwatch nodes may share the database.</summary>
public sealed class PostgresConnectionFactory : IConnectionFactory, IDisposable
{
    private readonly NpgsqlDataSource _source;

    public PostgresConnectionFactory(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        ConnectionString = builder.ConnectionString;
        Describe = $"PostgreSQL database '{builder.Database ?? builder.Username}' on {builder.Host ?? "localhost"}:{builder.Port}";
        _source = NpgsqlDataSource.Create(builder);
    }

    public string ConnectionString { get; }

    /// <summary>Host, port and database, never the password: for error messages.</summary>
    public string Describe { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        await _source.OpenConnectionAsync(cancellationToken);

    /// <summary>A session-level advisory lock held until disposed, so that only one node at a time migrates the schema.</summary>
    public IDisposable TakeMigrationTurn()
    {
        var connection = _source.OpenConnection();
        using (var command = new NpgsqlCommand("SELECT pg_advisory_lock(7461736)", connection))
        {
            command.ExecuteNonQuery();
        }

        return connection; // closing the session releases the lock
    }

    public string NowMs => "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";

    public string InList(string parameter) => $"= ANY({parameter})";

    public bool TakesArrays => true;

    public string? Announce(string channel) => $"SELECT pg_notify('{channel}', @Payload)";

    public string NotInList(string parameter) => $"<> ALL({parameter})";

    public void Dispose() => _source.Dispose();
}
