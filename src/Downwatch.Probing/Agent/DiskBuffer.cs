using System.Text;
using System.Text.Json;
using Downwatch.Domain.Observations;
using Microsoft.Extensions.Options;

namespace Downwatch.Probing.Agent;

/// <summary>
/// The agent's result sink: every result is appended to a file on disk before anything else happens, and sealed
/// into numbered segments that the uploader sends in order and deletes only once the server has stored them.
/// </summary>
public sealed class DiskBuffer : IProbeResultSink, IDisposable
{
    private const string Current = "current.jsonl";
    private readonly string _directory;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _sequence;
    private long _written;

    public DiskBuffer(IOptions<AgentOptions> options)
    {
        _directory = Path.GetFullPath(options.Value.BufferDirectory);
        Directory.CreateDirectory(_directory);
        _sequence = Segments().Select(s => long.Parse(Path.GetFileNameWithoutExtension(s)[8..], System.Globalization.CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0).Max();
        Seal(); // a segment left open by a previous run is sent first
    }

    /// <summary>Results and checks written since start.</summary>
    public long Written => Interlocked.Read(ref _written);

    public ValueTask WriteAsync(ProbeObservation result, CancellationToken cancellationToken) => AppendAsync(new Line(result, null), cancellationToken);

    public ValueTask WriteAsync(LocationCheck check, CancellationToken cancellationToken) => AppendAsync(new Line(null, check), cancellationToken);

    /// <summary>Sealed segments, oldest first.</summary>
    public IReadOnlyList<string> Segments() =>
        Directory.GetFiles(_directory, "segment-*.jsonl").Order(StringComparer.Ordinal).ToList();

    /// <summary>Closes the current file into a segment, if it holds anything.</summary>
    public void Seal()
    {
        _gate.Wait();
        try
        {
            var current = Path.Combine(_directory, Current);
            if (File.Exists(current) && new FileInfo(current).Length > 0)
            {
                File.Move(current, Path.Combine(_directory, $"segment-{++_sequence:D20}.jsonl"));
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reads a segment; a line cut short by a crash is skipped and counted.</summary>
    public static (AgentBatch Batch, int Unreadable) Read(string segment)
    {
        var probes = new List<ProbeObservation>();
        var checks = new List<LocationCheck>();
        var unreadable = 0;
        foreach (var text in File.ReadLines(segment))
        {
            try
            {
                var line = JsonSerializer.Deserialize<Line>(text, AgentBatch.Json);
                if (line?.Probe is { } p)
                {
                    probes.Add(p);
                }
                else if (line?.Check is { } c)
                {
                    checks.Add(c);
                }
            }
            catch (JsonException)
            {
                unreadable++;
            }
        }

        return (new AgentBatch(probes, checks), unreadable);
    }

    private async ValueTask AppendAsync(Line line, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(line, AgentBatch.Json) + "\n");
        await _gate.WaitAsync(ct);
        try
        {
            await using var file = new FileStream(Path.Combine(_directory, Current), FileMode.Append, FileAccess.Write, FileShare.Read);
            await file.WriteAsync(bytes, ct);
            await file.FlushAsync(ct);
            Interlocked.Increment(ref _written);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private sealed record Line(ProbeObservation? Probe, LocationCheck? Check);
}
