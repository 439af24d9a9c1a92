using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Downwatch.Domain.Observations;

namespace Downwatch.Storage.Sql;

/// <summary>
/// The stored form of an hour of one endpoint's results at one location: a version byte, then Brotli over a JSON array
/// with one short record per result (time as an offset into the hour, latencies in tenths of a millisecond). Results
/// of one endpoint repeat their status, detail sentence and TLS facts, which is what the compression feeds on; a
/// result id is not kept (a result is identified by its endpoint, location and time).
/// </summary>
internal static class ProbeChunkCodec
{
    private const byte Version = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    };

    public static byte[] Encode(DateTimeOffset hour, IEnumerable<ProbeObservation> results)
    {
        var start = hour.ToUnixTimeMilliseconds();
        var samples = results.Select(r => new Sample(
            r.At.ToUnixTimeMilliseconds() - start, (int)r.Outcome, Tenths(r.LatencyMs), r.StatusCode, r.ErrorKind, Pack(r.Details))).ToList();
        using var output = new MemoryStream();
        output.WriteByte(Version);
        using (var brotli = new BrotliStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            JsonSerializer.Serialize(brotli, samples, Json);
        }

        return output.ToArray();
    }

    /// <exception cref="InvalidDataException">The bytes are not a chunk this version wrote.</exception>
    public static IEnumerable<ProbeObservation> Decode(string service, string component, string endpoint, string location,
        DateTimeOffset hour, byte[] data)
    {
        if (data.Length == 0 || data[0] != Version)
        {
            throw new InvalidDataException($"Probe chunk of {service}/{endpoint} at {location}, {hour:u}: unknown format.");
        }

        using var brotli = new BrotliStream(new MemoryStream(data, 1, data.Length - 1), CompressionMode.Decompress);
        List<Sample> samples;
        try
        {
            samples = JsonSerializer.Deserialize<List<Sample>>(brotli, Json) ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Probe chunk of {service}/{endpoint} at {location}, {hour:u} is damaged: {e.Message}", e);
        }

        return samples.Select(s => new ProbeObservation(service, component, endpoint, location, hour.AddMilliseconds(s.T),
            (ProbeOutcome)s.O, s.L / 10.0, s.S, s.E, Unpack(s.D)));
    }

    private static long Tenths(double ms) => (long)Math.Round(ms * 10, MidpointRounding.AwayFromZero);

    private static long? Tenths(double? ms) => ms is { } value ? Tenths(value) : null;

    private static double? Ms(long? tenths) => tenths / 10.0;

    private static PackedDetails? Pack(ProbeDetails? d) => d is null ? null : new PackedDetails(
        Tenths(d.DnsMs), Tenths(d.ConnectMs), Tenths(d.TlsMs), Tenths(d.TtfbMs), d.TlsProtocol, d.TlsIssuer, d.TlsDaysLeft,
        d.ContentType, d.RecognizedError, d.Redirects, d.Detail);

    private static ProbeDetails? Unpack(PackedDetails? p) => p is null ? null : new ProbeDetails
    {
        DnsMs = Ms(p.Dns), ConnectMs = Ms(p.Connect), TlsMs = Ms(p.Tls), TtfbMs = Ms(p.Ttfb), TlsProtocol = p.Protocol,
        TlsIssuer = p.Issuer, TlsDaysLeft = p.DaysLeft, ContentType = p.ContentType, RecognizedError = p.Recognized,
        Redirects = p.Redirects, Detail = p.Detail,
    };

    private sealed record Sample(long T, int O, long L, int? S, string? E, PackedDetails? D);

    private sealed record PackedDetails(
        [property: JsonPropertyName("n")] long? Dns,
        [property: JsonPropertyName("c")] long? Connect,
        [property: JsonPropertyName("t")] long? Tls,
        [property: JsonPropertyName("f")] long? Ttfb,
        [property: JsonPropertyName("p")] string? Protocol,
        [property: JsonPropertyName("i")] string? Issuer,
        [property: JsonPropertyName("x")] int? DaysLeft,
        [property: JsonPropertyName("y")] string? ContentType,
        [property: JsonPropertyName("r")] string? Recognized,
        [property: JsonPropertyName("h")] int Redirects,
        [property: JsonPropertyName("m")] string? Detail);
}
