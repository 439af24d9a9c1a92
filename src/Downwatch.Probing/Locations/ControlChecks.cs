using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;
using Downwatch.Probing.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Downwatch.Probing.Locations;

/// <summary>
/// The location's self-check: resolves well-known names and requests well-known URLs every interval, and soon
/// after a probe failure, and records a <see cref="LocationCheck"/> that says whether this location is online.
/// </summary>
internal sealed partial class ControlChecks(
    HttpProbe probe,
    IProbeResultSink sink,
    IOptions<ControlCheckOptions> options,
    IOptions<ProbingOptions> probing,
    TimeProvider time,
    HostResolve resolve,
    ILogger<ControlChecks> logger) : BackgroundService, ILocationSelfCheck
{
    private readonly SemaphoreSlim _soon = new(0, 1);
    private DateTimeOffset _last = DateTimeOffset.MinValue;

    /// <summary>The latest result, for pages of this process.</summary>
    public LocationCheck? Latest { get; private set; }

    /// <summary>Asks for a check before the next interval (after a probe failure), at most once per minimum gap.</summary>
    public void RequestSoon()
    {
        if (_soon.CurrentCount == 0)
        {
            try
            {
                _soon.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already requested.
            }
        }
    }

    public async Task<LocationCheck> RunOnceAsync(CancellationToken ct)
    {
        var o = options.Value;
        var at = time.GetUtcNow();
        var resolved = new List<string>();
        foreach (var name in o.DnsNames)
        {
            try
            {
                using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
                bound.CancelAfter(TimeSpan.FromSeconds(5));
                if ((await resolve(name, bound.Token)).Length > 0)
                {
                    resolved.Add(name);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Not resolving is the finding.
            }
        }

        var reached = new List<string>();
        foreach (var url in o.Urls)
        {
            var target = new ProbeTarget("control", "control", new ProbeEndpoint { Url = url, Expect = [200] });
            var result = await probe.ProbeAsync(target, probing.Value.Location, ct);
            if (result.StatusCode is not null)
            {
                reached.Add(new Uri(url).Host);
            }
        }

        var online = resolved.Count > 0 && reached.Count > 0;
        var detail = online
            ? $"resolved {string.Join(", ", resolved)}; reached {string.Join(", ", reached)}"
            : resolved.Count == 0
                ? $"could not resolve any of {string.Join(", ", o.DnsNames)}"
                : $"could not reach any of {string.Join(", ", o.Urls.Select(u => new Uri(u).Host))}";
        var check = new LocationCheck(probing.Value.Location, at, online, detail);
        Latest = check;
        _last = at;
        await sink.WriteAsync(check, ct);
        return check;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            using (var cycle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                var requested = _soon.WaitAsync(cycle.Token);
                await Task.WhenAny(requested, Task.Delay(o.Interval, time, cycle.Token));
                await cycle.CancelAsync();
                try
                {
                    await requested;
                }
                catch (OperationCanceledException)
                {
                    // The interval came first.
                }
            }

            stoppingToken.ThrowIfCancellationRequested();
            var gap = _last + o.MinimumGap - time.GetUtcNow();
            if (gap > TimeSpan.Zero)
            {
                await Task.Delay(gap, time, stoppingToken);
            }

            if (time.GetUtcNow() - _last >= o.MinimumGap)
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogCheckFailed(logger, e);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The location's control check could not run; trying again at the next interval")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);

    public override void Dispose()
    {
        _soon.Dispose();
        base.Dispose();
    }
}
