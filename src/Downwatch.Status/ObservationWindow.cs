using System.Collections.Concurrent;
using Downwatch.Domain.Inference;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Status;

namespace Downwatch.Status;

/// <summary>
/// Recent observations held in memory for the status engine, so a round never re-reads the database: probe
/// results, location checks and vendor reads for as long as the rules look at them (<see cref="ProbeRetention"/>),
/// reports for their hour-of-week baseline (<see cref="ReportRetention"/>). Longer probe history reaches the engine
/// only as rollups. Also the latest result per endpoint and location, with its full details, for the pages.
/// </summary>
public sealed class ObservationWindow(Microsoft.Extensions.Options.IOptions<EngineOptions> engine)
{
    public TimeSpan ProbeRetention { get; } = engine.Value.RecentSignals;
    public TimeSpan ReportRetention { get; } = engine.Value.ReportHistory;

    /// <summary>Streamed-request (inference) results are held a day: the models' usual first-token time and speed, and the
    /// pages' 24-hour sparklines, are read from them.</summary>
    public static readonly TimeSpan InferenceRetention = TimeSpan.FromHours(24);

    private readonly ConcurrentQueue<ProbeObservation> _probes = new();
    private readonly ConcurrentQueue<ProbeObservation> _inference = new();
    private readonly ConcurrentQueue<LocationCheck> _checks = new();
    private readonly ConcurrentQueue<OfficialStatusObservation> _official = new();
    private readonly ConcurrentQueue<CommunityReport> _reports = new();
    private readonly ConcurrentDictionary<(string Service, string Component, string Endpoint, string Location), ProbeObservation> _latest = new();
    private readonly ConcurrentDictionary<string, LocationCheck> _latestChecks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _resultIds = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, long> _reportVersions = new(StringComparer.Ordinal);

    /// <summary>How many reports of one service have entered the window since start.</summary>
    public long ReportsAddedFor(string service) => _reportVersions.GetValueOrDefault(service);

    public void Add(SignalSet observations)
    {
        foreach (var p in observations.Probes)
        {
            if (p.Details?.ResultId is { } id && !_resultIds.TryAdd(id, p.At))
            {
                continue; // the same result sent again
            }

            if (InferenceEndpoint.Is(p))
            {
                // Only the measures the model rules read are kept for the day.
                _inference.Enqueue(p with { Details = p.Details is { } d ? new ProbeDetails { Model = d.Model, TtftMs = d.TtftMs, TokensPerSecond = d.TokensPerSecond } : null });
            }
            else
            {
                _probes.Enqueue(p with { Details = null });
            }

            _latest.AddOrUpdate((p.Service, p.Component, p.Endpoint, p.Location), p, (_, old) => old.At > p.At ? old : p);
        }

        foreach (var c in observations.LocationChecks)
        {
            _checks.Enqueue(c);
            _latestChecks.AddOrUpdate(c.Location, c, (_, old) => old.At > c.At ? old : c);
        }

        foreach (var o in observations.Official)
        {
            _official.Enqueue(o);
        }

        foreach (var r in observations.Reports)
        {
            _reports.Enqueue(r);
            _reportVersions.AddOrUpdate(r.Service, 1, (_, v) => v + 1);
        }
    }

    /// <summary>Drops what is too old to matter and returns what remains, for one engine round.</summary>
    public SignalSet Snapshot(DateTimeOffset now)
    {
        Trim(now);
        return new SignalSet([.. _probes, .. _inference], [.. _checks], [.. _official], [.. _reports]);
    }

    /// <summary>Forgets everything (before filling the window anew from storage).</summary>
    public void Clear()
    {
        _probes.Clear();
        _inference.Clear();
        _checks.Clear();
        _official.Clear();
        _reports.Clear();
        _resultIds.Clear();
    }

    /// <summary>Drops what is too old to matter.</summary>
    public void Trim(DateTimeOffset now)
    {
        Trim(_probes, p => p.At, now - ProbeRetention);
        Trim(_inference, p => p.At, now - InferenceRetention);
        foreach (var (id, at) in _resultIds)
        {
            if (at < now - ProbeRetention)
            {
                _resultIds.TryRemove(id, out _);
            }
        }

        Trim(_checks, c => c.At, now - ProbeRetention);
        Trim(_official, o => o.At, now - ProbeRetention);
        Trim(_reports, r => r.At, now - ReportRetention);
    }

    /// <summary>Reports of one service held in the window (enough history for the hour-of-week baseline).</summary>
    public IReadOnlyList<CommunityReport> Reports(string service) => _reports.Where(r => r.Service == service).ToList();

    /// <summary>The newest result of each endpoint of a service at each location.</summary>
    public IReadOnlyList<ProbeObservation> LatestProbes(string service) =>
        _latest.Values.Where(p => p.Service == service).OrderBy(p => p.Component).ThenBy(p => p.Location).ToList();

    /// <summary>A service's streamed-request results of the last day (measures only), oldest first, for sparklines.</summary>
    public IReadOnlyList<ProbeObservation> InferenceHistory(string service) =>
        _inference.Where(p => p.Service == service).OrderBy(p => p.At).ToList();

    /// <summary>The newest control check of each location.</summary>
    public IReadOnlyList<LocationCheck> Locations => _latestChecks.Values.OrderBy(c => c.Location, StringComparer.Ordinal).ToList();

    private static void Trim<T>(ConcurrentQueue<T> queue, Func<T, DateTimeOffset> at, DateTimeOffset before)
    {
        // Observations arrive roughly in time order; a late one stays until it reaches the head.
        while (queue.TryPeek(out var head) && at(head) < before)
        {
            queue.TryDequeue(out _);
        }
    }
}
