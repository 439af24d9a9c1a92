using System.Runtime.InteropServices;

namespace Downwatch.Storage.Faults;

/// <summary>
/// Which file a path names: device and inode (Linux statx). The SQLite store remembers it at open and compares before
/// each use, so a database file deleted or replaced while serving is noticed instead of written to as an unlinked file
/// that vanishes at restart. Where statx is not available the identity is unknown and nothing is compared.
/// </summary>
public readonly record struct DatabaseFileIdentity(ulong Device, ulong Inode)
{
    /// <summary>The identity of the file at <paramref name="path"/>; null when it does not exist (or cannot be told).</summary>
    public static DatabaseFileIdentity? Of(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var buffer = new byte[256];
        try
        {
            if (statx(AtFdCwd, path, 0, StatxBasicStats, buffer) != 0)
            {
                return null;
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }

        // struct statx: stx_ino at 32; stx_dev_major and stx_dev_minor at 136 and 140 (the same on every architecture).
        var inode = BitConverter.ToUInt64(buffer, 32);
        var device = ((ulong)BitConverter.ToUInt32(buffer, 136) << 32) | BitConverter.ToUInt32(buffer, 140);
        return new DatabaseFileIdentity(device, inode);
    }

    /// <summary>Whether identities can be told on this machine (a test asserts it before relying on it).</summary>
    public static bool Supported => Of("/") is not null;

    private const int AtFdCwd = -100;
    private const uint StatxBasicStats = 0x7ff;

#pragma warning disable CA5392, SYSLIB1054 // libc, found by the loader; a classic import keeps the byte buffer simple
    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
#pragma warning restore CA5392, SYSLIB1054
}

/// <summary>The database's file was deleted or replaced while Downwatch was using it; nothing is written until a restart.</summary>
public sealed class DatabaseFileReplacedException(string message) : IOException(message);
