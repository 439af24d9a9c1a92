using Downwatch.Domain.Baselines;

namespace Downwatch.Domain.History;

/// <summary>
/// Latencies in fixed logarithmic buckets (four per doubling, 1 ms to about 4 minutes), so an hour or a day of
/// probe results keeps its median, p95, p99 and spread in a few dozen bytes and histograms add up exactly. A value
/// read back is its bucket's geometric middle: within 9 % of every sample in the bucket.
/// </summary>
public sealed class LatencyHistogram
{
    public const int BucketCount = 72;
    private const double BucketsPerDoubling = 4;
    private readonly long[] _counts = new long[BucketCount];

    public long Count { get; private set; }

    public static int BucketOf(double milliseconds) =>
        milliseconds < 1 || double.IsNaN(milliseconds) ? 0 : Math.Min(BucketCount - 1, (int)(Math.Log2(milliseconds) * BucketsPerDoubling));

    /// <summary>The value that stands for a bucket: its geometric middle.</summary>
    public static double ValueOf(int bucket) => Math.Pow(2, (bucket + 0.5) / BucketsPerDoubling);

    public void Add(double milliseconds, long count = 1)
    {
        _counts[BucketOf(milliseconds)] += count;
        Count += count;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < BucketCount; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
    }

    /// <summary>The value below which a share <paramref name="q"/> of the samples lie; 0 when empty.</summary>
    public double Quantile(double q)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return ValueOf(i);
            }
        }

        return ValueOf(BucketCount - 1);
    }

    /// <summary>The usual level: median and median absolute deviation of the bucketed samples.</summary>
    public Baseline ToBaseline()
    {
        var median = Quantile(0.5);
        var deviations = new List<(double Distance, long Count)>();
        for (var i = 0; i < BucketCount; i++)
        {
            if (_counts[i] > 0)
            {
                deviations.Add((Math.Abs(ValueOf(i) - median), _counts[i]));
            }
        }

        deviations.Sort((a, b) => a.Distance.CompareTo(b.Distance));
        var half = Math.Max(1, (long)Math.Ceiling(Count / 2.0));
        long seen = 0;
        var mad = 0.0;
        foreach (var (distance, count) in deviations)
        {
            seen += count;
            if (seen >= half)
            {
                mad = distance;
                break;
            }
        }

        return new Baseline(median, mad, (int)Math.Min(int.MaxValue, Count));
    }

    /// <summary>Compact form for storage: (bucket, count) pairs of the non-empty buckets as variable-length integers.</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        for (var i = 0; i < BucketCount; i++)
        {
            if (_counts[i] > 0)
            {
                WriteVarint(stream, (ulong)i);
                WriteVarint(stream, (ulong)_counts[i]);
            }
        }

        return stream.ToArray();
    }

    /// <summary>Reads <see cref="ToBytes"/>; malformed input is refused, never half-read.</summary>
    public static LatencyHistogram FromBytes(ReadOnlySpan<byte> bytes)
    {
        var histogram = new LatencyHistogram();
        var position = 0;
        while (position < bytes.Length)
        {
            var bucket = ReadVarint(bytes, ref position);
            var count = ReadVarint(bytes, ref position);
            if (bucket >= BucketCount || count > long.MaxValue / 4)
            {
                throw new FormatException($"Latency histogram has an impossible bucket {bucket} or count {count}.");
            }

            histogram.Add(ValueOf((int)bucket), (long)count);
        }

        return histogram;
    }

    private static void WriteVarint(MemoryStream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        stream.WriteByte((byte)value);
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> bytes, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= bytes.Length)
            {
                throw new FormatException("Latency histogram ends inside a number.");
            }

            var b = bytes[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new FormatException("Latency histogram has a number longer than 64 bits.");
    }
}
