using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Downwatch.Status.Cluster;

/// <summary>
/// How the nodes probing from one location split its endpoints: each endpoint goes to the node for which a hash of
/// (endpoint, node) is highest (rendezvous hashing). Every node computes the same split from the same member list,
/// without talking to the others, and when a node joins or leaves only its own endpoints move.
/// </summary>
public static class ProbeShares
{
    /// <summary>The items whose key falls to <paramref name="self"/> among <paramref name="members"/> (all of them
    /// when the member list is empty or does not name this node yet).</summary>
    public static IReadOnlyList<T> Mine<T>(IReadOnlyList<T> items, Func<T, string> key, string self, IReadOnlyCollection<string> members)
    {
        if (members.Count == 0 || !members.Contains(self))
        {
            return items;
        }

        return items.Where(item => Owner(key(item), members) == self).ToList();
    }

    /// <summary>The member that probes <paramref name="key"/>.</summary>
    public static string Owner(string key, IEnumerable<string> members) =>
        members.MaxBy(member => (Score(key, member), member))!;

    private static ulong Score(string key, string member)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{key}\n{member}"), hash);
        return BinaryPrimitives.ReadUInt64LittleEndian(hash);
    }
}
