using Downwatch.Domain.Observations;
using Downwatch.Domain.Reports;
using Downwatch.Storage;

namespace Downwatch.Bench;

/// <summary>
/// A year of probe results for many endpoints, generated on demand (each endpoint probed every 60 s from each location,
/// mostly the keyless 401 it should answer, now and then a timeout or a slow answer), so the rollup code can read
/// months of "raw" results that were never written. The same hour always yields the same results.
/// </summary>
internal sealed class SyntheticProbeHistory(int endpoints, DateTimeOffset start) : IObservationStore
{
    public static readonly string[] Locations = ["eu-west", "us-east", "ap-tokyo"];

    private static readonly ProbeDetails Expected = new()
    {
        TlsProtocol = "Tls13", TlsIssuer = "CN=WE1, O=Google Trust Services, C=US", TlsDaysLeft = 61, ContentType = "application/json",
        RecognizedError = "authentication-failed", Detail = "answered 401 with invalid_api_key as expected",
    };

    public int Series => endpoints * Locations.Length;

    /// <summary>Every result with a time in [hour, hour + 1 h).</summary>
    public List<ProbeObservation> Hour(DateTimeOffset hour)
    {
        var results = new List<ProbeObservation>(Series * 60);
        for (var e = 0; e < endpoints; e++)
        {
            for (var l = 0; l < Locations.Length; l++)
            {
                var random = new Random(HashCode.Combine(e, l, hour.ToUnixTimeSeconds()));
                var offset = TimeSpan.FromMilliseconds((e * 7919 + l * 104729) % 60_000);
                var usual = 80 + e % 400;
                for (var minute = 0; minute < 60; minute++)
                {
                    results.Add(Result(e, l, hour + TimeSpan.FromMinutes(minute) + offset, usual, random));
                }
            }
        }

        results.Sort((a, b) => a.At.CompareTo(b.At));
        return results;
    }

    private static ProbeObservation Result(int e, int l, DateTimeOffset at, int usual, Random random)
    {
        var service = $"service-{e / 4}";
        var endpoint = $"GET https://api.service-{e}.example.com/v1/models";
        var roll = random.NextDouble();
        var dns = Math.Round(1 + random.NextDouble() * 20, 2);
        var connect = Math.Round(5 + random.NextDouble() * 40, 2);
        var tls = Math.Round(10 + random.NextDouble() * 60, 2);
        if (roll < 0.005)
        {
            return new ProbeObservation(service, "api", endpoint, Locations[l], at, ProbeOutcome.Down, 10_000, null, "timeout",
                new ProbeDetails { DnsMs = dns, ConnectMs = connect, Detail = "no answer within 10 s" });
        }

        var latency = Math.Round(usual * Math.Exp(random.NextDouble() * 0.8 - 0.2) * (roll < 0.01 ? 6 : 1), 3);
        return new ProbeObservation(service, "api", endpoint, Locations[l], at, roll < 0.01 ? ProbeOutcome.Degraded : ProbeOutcome.Up,
            latency, 401, null, Expected with { DnsMs = dns, ConnectMs = connect, TlsMs = tls, TtfbMs = Math.Round(latency - dns - connect - tls, 2) });
    }

    public Task<SignalSet> ReadAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var first = new DateTimeOffset(since.Year, since.Month, since.Day, since.Hour, 0, 0, TimeSpan.Zero);
        var probes = new List<ProbeObservation>();
        for (var hour = first; hour <= until; hour += TimeSpan.FromHours(1))
        {
            probes.AddRange(Hour(hour).Where(p => p.At > since && p.At <= until));
        }

        return Task.FromResult(new SignalSet(probes, [], [], []));
    }

    public Task<DateTimeOffset?> OldestProbeAsync(CancellationToken cancellationToken = default) => Task.FromResult<DateTimeOffset?>(start);

    public Task AppendAsync(SignalSet observations, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Generated history is read only.");

    public Task<int> PackAsync(DateTimeOffset hour, CancellationToken cancellationToken = default) => Task.FromResult(0);

    public Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken = default) => Task.FromResult(0);

    public Task<IReadOnlyList<CommunityReport>> ReadReportsAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<CommunityReport>>([]);
}
