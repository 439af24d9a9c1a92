using Downwatch.Domain.Observations;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Downwatch.Web.Cli.Replay;

/// <summary>
/// A replay scenario (YAML or JSON, which is YAML): a time range and the observations in it. An entry with
/// <c>at</c> is one observation; one with <c>from</c>/<c>until</c>/<c>every</c> repeats, for each of its
/// <c>locations</c> (probes) or as <c>count</c> distinct reporters spread over the range (reports).
/// See docs/replay.md for the format.
/// </summary>
internal sealed class ScenarioFile
{
    public string? Name { get; set; }
    public DateTimeOffset Start { get; set; }
    public DateTimeOffset End { get; set; }
    public int StepSeconds { get; set; } = 60;
    public List<string> Services { get; set; } = [];
    public List<ProbeEntry> Probes { get; set; } = [];
    public List<LocationCheckEntry> LocationChecks { get; set; } = [];
    public List<OfficialEntry> Official { get; set; } = [];
    public List<ReportEntry> Reports { get; set; } = [];

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithEnumNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    public static ScenarioFile Parse(string text) =>
        Deserializer.Deserialize<ScenarioFile>(text) ?? throw new FormatException("The scenario file is empty.");

    public SignalSet ToSignals() => new(
        Probes.SelectMany(p => p.Expand()).ToList(),
        LocationChecks.SelectMany(c => c.Expand()).ToList(),
        Official.Select(o => o.ToObservation()).ToList(),
        Reports.SelectMany(r => r.Expand()).ToList());
}

/// <summary>The common "one at a time, or a repeating series" part of every entry.</summary>
internal abstract class TimedEntry
{
    public DateTimeOffset? At { get; set; }
    public DateTimeOffset? From { get; set; }
    public DateTimeOffset? Until { get; set; }
    public int EverySeconds { get; set; } = 120;

    protected IEnumerable<DateTimeOffset> Times()
    {
        if (At is { } at)
        {
            return [at];
        }

        if (From is not { } from || Until is not { } until)
        {
            throw new FormatException("Each entry needs 'at', or 'from' and 'until'.");
        }

        if (EverySeconds <= 0)
        {
            throw new FormatException("'every_seconds' must be positive.");
        }

        var times = new List<DateTimeOffset>();
        for (var t = from; t <= until && times.Count < 100_000; t += TimeSpan.FromSeconds(EverySeconds))
        {
            times.Add(t);
        }

        return times;
    }
}

internal sealed class ProbeEntry : TimedEntry
{
    public string Service { get; set; } = "";
    public string Component { get; set; } = "";
    public string Endpoint { get; set; } = "";
    public string? Location { get; set; }
    public List<string> Locations { get; set; } = [];
    public ProbeOutcome Outcome { get; set; }
    public double LatencyMs { get; set; } = 200;
    public int? StatusCode { get; set; }
    public string? ErrorKind { get; set; }

    public IEnumerable<ProbeObservation> Expand()
    {
        var locations = Location is null ? Locations : [Location, .. Locations];
        if (locations.Count == 0)
        {
            throw new FormatException($"Probe entry for {Service}/{Component} needs 'location' or 'locations'.");
        }

        return Times().SelectMany(t => locations.Select(l =>
            new ProbeObservation(Service, Component, Endpoint, l, t, Outcome, LatencyMs, StatusCode, ErrorKind)));
    }
}

internal sealed class LocationCheckEntry : TimedEntry
{
    public string Location { get; set; } = "";
    public bool Online { get; set; } = true;
    public string? Detail { get; set; }

    public IEnumerable<LocationCheck> Expand() => Times().Select(t => new LocationCheck(Location, t, Online, Detail));
}

internal sealed class OfficialEntry
{
    public DateTimeOffset At { get; set; }
    public string Service { get; set; } = "";
    public string? Component { get; set; }
    public VendorStatus Status { get; set; }
    public string? Title { get; set; }
    public string? SourceUrl { get; set; }

    public OfficialStatusObservation ToObservation() => new(Service, Component, At, Status, Title, SourceUrl);
}

internal sealed class ReportEntry : TimedEntry
{
    public string Service { get; set; } = "";
    public string? Reporter { get; set; }
    public int Count { get; set; } = 1;
    public string Category { get; set; } = "api-errors";

    public IEnumerable<CommunityReport> Expand()
    {
        var times = Times().ToList();
        if (Count < 1 || Count > 100_000)
        {
            throw new FormatException("'count' must be between 1 and 100000.");
        }

        // Without 'reporter' each report comes from a different person; with it, one client repeats itself.
        return Enumerable.Range(0, Count).Select(i => new CommunityReport(Service, times[i * times.Count / Count],
            Reporter ?? $"reporter-{i}", Category));
    }
}
