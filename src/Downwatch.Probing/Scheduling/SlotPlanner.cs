using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Downwatch.Probing.Scheduling;

/// <summary>
/// Spreads targets over their interval: each target gets a stable phase from a hash of its key and location, so
/// 10,000 targets never fire together and a restart keeps each target in its place.
/// </summary>
public static class SlotPlanner
{
    /// <summary>The first due time at or after <paramref name="now"/> for a target.</summary>
    public static DateTimeOffset FirstDue(string key, string location, TimeSpan interval, DateTimeOffset now)
    {
        var phaseTicks = (long)(Hash($"{location}|{key}") % (ulong)interval.Ticks);
        var cycleStart = now.UtcTicks - (now.UtcTicks % interval.Ticks);
        var due = new DateTimeOffset(cycleStart + phaseTicks, TimeSpan.Zero);
        return due < now ? due + interval : due;
    }

    private static ulong Hash(string text) => BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
