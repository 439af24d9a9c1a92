using System.IO.Compression;
using System.Text;

namespace Downwatch.Probing.Http;

/// <summary>What was read of a response body, within the byte limits.</summary>
internal sealed record BodyRead(string Text, long WireBytes, bool Truncated, string? Note);

/// <summary>
/// Reads at most <c>maxWire</c> bytes off the wire and, for compressed bodies, at most <c>maxDecoded</c>
/// decompressed bytes: a huge or decompression-bomb body costs the probe a bounded amount of memory.
/// </summary>
internal static class BoundedBody
{
    public static async Task<BodyRead> ReadAsync(HttpContent content, int maxWire, int maxDecoded, CancellationToken ct)
    {
        await using var wire = await content.ReadAsStreamAsync(ct);
        var limited = new LimitedStream(wire, maxWire);
        var encoding = content.Headers.ContentEncoding.LastOrDefault()?.ToLowerInvariant();
        await using Stream decoded = encoding switch
        {
            "gzip" or "x-gzip" => new GZipStream(limited, CompressionMode.Decompress),
            "deflate" => new ZLibStream(limited, CompressionMode.Decompress),
            "br" => new BrotliStream(limited, CompressionMode.Decompress),
            _ => limited,
        };
        var max = encoding is null ? maxWire : maxDecoded;
        var buffer = new byte[Math.Min(max, 16 * 1024)];
        using var collected = new MemoryStream();
        string? note = null;
        try
        {
            int read;
            while (collected.Length < max && (read = await decoded.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, max - collected.Length)), ct)) > 0)
            {
                collected.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException e)
        {
            note = $"body could not be decompressed ({e.Message})";
        }

        var truncated = limited.HitLimit || collected.Length >= max;
        if (truncated && note is null)
        {
            note = encoding is not null && collected.Length >= maxDecoded
                ? $"stopped decompressing after {maxDecoded} bytes (decompression guard)"
                : $"read the first {limited.BytesRead} bytes only";
        }

        return new BodyRead(Encoding.UTF8.GetString(collected.GetBuffer(), 0, (int)collected.Length), limited.BytesRead, truncated, note);
    }

    /// <summary>A read-only view of a stream that ends after a number of bytes.</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        public long BytesRead { get; private set; }
        public bool HitLimit { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            var left = limit - BytesRead;
            if (left <= 0)
            {
                HitLimit = true;
                return 0;
            }

            var n = await inner.ReadAsync(destination[..(int)Math.Min(destination.Length, left)], cancellationToken);
            BytesRead += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();
        public override void Flush() => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
