using System.Data.Common;

namespace Downwatch.Storage.Sql;

/// <summary>Opens connections to the configured database; the only place that knows which engine it is.</summary>
public interface IConnectionFactory
{
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);
}
