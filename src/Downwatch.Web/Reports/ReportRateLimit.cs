using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Downwatch.Web.Reports;

/// <summary>
/// Per-client allowance of report submissions: <see cref="ReportOptions.PermitsPerClient"/> per fixed
/// <see cref="ReportOptions.PermitWindow"/> (windows aligned to the clock). One table of counters per window, replaced
/// when the window turns, so nothing runs in the background and a client costs one dictionary entry. The table holds at
/// most <see cref="MaxClients"/> clients; beyond that new clients are refused until the window turns (a flood of
/// distinct clients cannot grow memory without bound).
/// </summary>
/// <remarks>
/// This replaced ASP.NET Core's partitioned rate limiter, which keeps one limiter object per client and visits every one
/// of them ten times a second: under a flood of distinct clients that became most of the cost of a report.
/// </remarks>
internal sealed class ReportRateLimit(IOptions<ReportOptions> options, TimeProvider time)
{
    public const int MaxClients = 1_000_000;

    private Window _current = new(long.MinValue);

    /// <summary>Takes one permit for <paramref name="client"/> (a fingerprint); false when none is left in this window.</summary>
    public bool TryAcquire(string client, out TimeSpan retryAfter)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcTicks;
        var index = now / settings.PermitWindow.Ticks;
        retryAfter = TimeSpan.FromTicks((index + 1) * settings.PermitWindow.Ticks - now);
        var window = Volatile.Read(ref _current);
        if (window.Index < index)
        {
            var fresh = new Window(index);
            var seen = Interlocked.CompareExchange(ref _current, fresh, window);
            window = ReferenceEquals(seen, window) ? fresh : seen;
        }

        var key = UInt128.TryParse(client, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : (UInt128)(uint)client.GetHashCode(StringComparison.Ordinal);
        if (!window.Counts.ContainsKey(key) && Interlocked.Increment(ref window.Clients) > MaxClients)
        {
            Interlocked.Decrement(ref window.Clients);
            return false;
        }

        return window.Counts.AddOrUpdate(key, 1, static (_, used) => used + 1) <= settings.PermitsPerClient;
    }

    private sealed class Window(long index)
    {
        public readonly long Index = index;
        public readonly ConcurrentDictionary<UInt128, int> Counts = new(concurrencyLevel: 64, capacity: 4096);
        public int Clients;
    }
}
