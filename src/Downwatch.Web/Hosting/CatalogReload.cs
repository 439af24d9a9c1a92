using System.Runtime.InteropServices;
using Downwatch.Catalog;
using Downwatch.Domain.Catalog;
using Microsoft.Extensions.Options;

namespace Downwatch.Web.Hosting;

/// <summary>
/// Reloading the catalog without restarting the process: a catalog that passes the same validation as
/// <c>downwatch catalog check</c> is kept here and the host is stopped gracefully (requests in flight finish, the leader
/// lease is released); <c>downwatch serve</c> then builds the host again on the kept catalog, on the addresses the first
/// one bound, in the same process. A catalog that fails validation changes nothing.
/// </summary>
public sealed class CatalogReload
{
    private ServiceCatalog? _pending;

    /// <summary>Validates the catalog files in <paramref name="directory"/> as they are on disk now.</summary>
    /// <exception cref="CatalogException">Every problem, with file, line and field.</exception>
    public static ServiceCatalog Check(string directory) => CatalogLoader.LoadDirectory(directory);

    /// <summary>Keeps <paramref name="validated"/> for the next host and stops this one; false when a reload is already under way.</summary>
    public bool Request(ServiceCatalog validated, IHostApplicationLifetime lifetime)
    {
        if (Interlocked.CompareExchange(ref _pending, validated, null) is not null)
        {
            return false;
        }

        lifetime.StopApplication();
        return true;
    }

    /// <summary>The catalog the next host starts on, once; null when the host stopped for any other reason.</summary>
    public ServiceCatalog? Take() => Interlocked.Exchange(ref _pending, null);
}

/// <summary>SIGHUP reloads the catalog, as daemons do (<c>systemctl reload</c>, <c>kill -HUP</c>); an invalid catalog is
/// logged with every problem and the site keeps the one it runs on.</summary>
internal sealed partial class CatalogReloadSignal(CatalogReload reload, IOptions<CatalogOptions> options, IHostApplicationLifetime lifetime,
    ILogger<CatalogReloadSignal> log) : IHostedService
{
    private PosixSignalRegistration? _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsWindows())
        {
            _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnHangUp);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _registration?.Dispose();
        return Task.CompletedTask;
    }

    private void OnHangUp(PosixSignalContext context)
    {
        context.Cancel = true;
        var directory = options.Value.Directory;
        try
        {
            var validated = CatalogReload.Check(directory);
            LogReloading(log, directory, validated.Services.Count);
            reload.Request(validated, lifetime);
        }
        catch (CatalogException e)
        {
            LogRefused(log, directory, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SIGHUP: the catalog in {Directory} is valid ({Services} services); reloading")]
    private static partial void LogReloading(ILogger logger, string directory, int services);

    [LoggerMessage(Level = LogLevel.Error, Message = "SIGHUP: the catalog in {Directory} is not valid; the site keeps the one it runs on.\n{Problems}")]
    private static partial void LogRefused(ILogger logger, string directory, string problems);
}
