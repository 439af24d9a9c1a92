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
internal sealed class CatalogReload
{
    private readonly Lock _gate = new();
    private ServiceCatalog? _pending;
    private CatalogReloadSignal? _running;
    private bool _busy;
    private bool _hangUpWaiting;

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

    /// <summary>Takes SIGHUP for the whole process until disposed (<c>downwatch serve</c>, across its hosts). The running
    /// host checks the files and reloads, off the signal's thread; hang-ups that arrive while a check or reload is under
    /// way, or between two hosts, are one more check once the next host serves — a burst never queues a check per signal.</summary>
    public IDisposable? TakeHangUps() => OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
    {
        context.Cancel = true;
        CatalogReloadSignal? running;
        lock (_gate)
        {
            if (_running is null || _busy)
            {
                _hangUpWaiting = true;
                return;
            }

            _busy = true;
            running = _running;
        }

        _ = Task.Run(() => Act(running));
    });

    internal void Attach(CatalogReloadSignal signal)
    {
        lock (_gate)
        {
            _running = signal;
            _busy = _hangUpWaiting;
            _hangUpWaiting = false;
            if (!_busy)
            {
                return;
            }
        }

        _ = Task.Run(() => Act(signal));
    }

    internal void Detach(CatalogReloadSignal signal)
    {
        lock (_gate)
        {
            if (_running == signal)
            {
                _running = null;
            }
        }
    }

    /// <summary>One check; while it refused the files, a hang-up that came meanwhile is one more check.</summary>
    private void Act(CatalogReloadSignal signal)
    {
        while (!signal.HangUp())
        {
            lock (_gate)
            {
                if (!_hangUpWaiting)
                {
                    _busy = false;
                    return;
                }

                _hangUpWaiting = false;
            }
        }

        // Reloading: the next host's Attach ends the busy state and takes any hang-up that came meanwhile.
    }
}

/// <summary>SIGHUP reloads the catalog, as daemons do (<c>systemctl reload</c>, <c>kill -HUP</c>); an invalid catalog is
/// logged with every problem and the site keeps the one it runs on. The signal itself is taken once per process by
/// <see cref="CatalogReload.TakeHangUps"/> (so one arriving while a host is starting or stopping is kept, never the
/// default "hang up" that ends the process); this service acts on it while its host runs.</summary>
internal sealed partial class CatalogReloadSignal(CatalogReload reload, IOptions<CatalogOptions> options, IHostApplicationLifetime lifetime,
    ILogger<CatalogReloadSignal> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Attached once the host serves: a hang-up that came while it was starting is acted on then.
        lifetime.ApplicationStarted.Register(() => reload.Attach(this));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        reload.Detach(this);
        return Task.CompletedTask;
    }

    /// <summary>Validates the files as they are now and reloads on them (true), or logs why not (false).</summary>
    public bool HangUp()
    {
        var directory = options.Value.Directory;
        try
        {
            var validated = CatalogReload.Check(directory);
            LogReloading(log, directory, validated.Services.Count);
            return reload.Request(validated, lifetime);
        }
        catch (CatalogException e)
        {
            LogRefused(log, directory, e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SIGHUP: the catalog in {Directory} is valid ({Services} services); reloading")]
    private static partial void LogReloading(ILogger logger, string directory, int services);

    [LoggerMessage(Level = LogLevel.Error, Message = "SIGHUP: the catalog in {Directory} is not valid; the site keeps the one it runs on.\n{Problems}")]
    private static partial void LogRefused(ILogger logger, string directory, string problems);
}
