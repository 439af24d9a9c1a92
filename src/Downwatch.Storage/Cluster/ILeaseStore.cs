namespace Downwatch.Storage.Cluster;

/// <summary>
/// Named leases on the database's clock: whoever holds an unexpired lease is the only one doing that work. Each change
/// of holder raises the lease's term, so work stamped with an old term can be recognised and refused (fencing).
/// </summary>
public interface ILeaseStore
{
    /// <summary>Takes or renews the lease for <paramref name="ttl"/>; returns its term when <paramref name="holder"/> now
    /// holds it, null when someone else holds an unexpired one.</summary>
    Task<long?> TryAcquireAsync(string name, string holder, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Gives the lease up at once, if <paramref name="holder"/> still holds it.</summary>
    Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken = default);
}
