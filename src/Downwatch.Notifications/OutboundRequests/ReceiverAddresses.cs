using System.Net;
using System.Net.Sockets;

namespace Downwatch.Notifications;

/// <summary>
/// Where notification receivers may be reached: by default only public addresses, so whoever may create a webhook
/// cannot make the server call its own loopback, the private network or a cloud metadata address — nor this host's own
/// addresses (<see cref="OwnAddresses"/>), which stay refused even when private ones are allowed. IPv4 addresses
/// carried inside IPv6 (mapped, compatible, NAT64, 6to4) are judged as the IPv4 address they carry. Checked when
/// connecting (after DNS, before any connection is opened), so a name that later resolves elsewhere is checked again.
/// </summary>
public static class ReceiverAddresses
{
    private static readonly IPAddress Nat64 = IPAddress.Parse("64:ff9b::");

    public static bool IsPrivate(IPAddress address)
    {
        address = Unwrapped(address);
        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] is 0 or 10 or >= 224
                || (b[0] == 172 && b[1] is >= 16 and <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 100 && b[1] is >= 64 and <= 127)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2) // IETF protocol assignments, TEST-NET-1
                || (b[0] == 198 && b[1] is 18 or 19) // benchmarking
                || (b[0] == 198 && b[1] == 51 && b[2] == 100) // TEST-NET-2
                || (b[0] == 203 && b[1] == 0 && b[2] == 113); // TEST-NET-3
        }

        var v6 = address.GetAddressBytes();
        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast
            || address.Equals(IPAddress.IPv6Any)
            || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8) // documentation, 2001:db8::/32
            || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0 && v6[3] == 0) // Teredo, 2001::/32: an IPv4 tunnel's far end
            || (v6[0] == 0 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b); // NAT64 local-use 64:ff9b:1::/48 and the rest
    }

    /// <summary>The IPv4 address an IPv6 address carries (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64
    /// 64:ff9b::a.b.c.d, 6to4 2002:aabb:ccdd::), or the address itself.</summary>
    public static IPAddress Unwrapped(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var b = address.GetAddressBytes();
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !IPAddress.IsLoopback(address) && !address.Equals(IPAddress.IPv6Any))
        {
            return new IPAddress(b.AsSpan(12, 4)); // IPv4-compatible (deprecated, still routed by some stacks)
        }

        if (b.AsSpan(0, 12).SequenceEqual(Nat64.GetAddressBytes().AsSpan(0, 12)))
        {
            return new IPAddress(b.AsSpan(12, 4));
        }

        return b[0] == 0x20 && b[1] == 0x02 ? new IPAddress(b.AsSpan(2, 4)) : address;
    }

    /// <summary>Why this address is refused, or null when a receiver may be reached there.</summary>
    public static string? Refusal(IPAddress address, bool allowPrivate, OwnAddresses own)
    {
        if (own.Contains(address) || own.Contains(Unwrapped(address)))
        {
            return "is this server's own address; notifications are never sent there";
        }

        return !allowPrivate && IsPrivate(address)
            ? "is a private, loopback, link-local or reserved address; notifications are not sent there unless Notifications:AllowPrivateAddresses is true"
            : null;
    }

    /// <summary>The connect step of the notification client: resolve, refuse what <see cref="Refusal"/> refuses, connect.</summary>
    /// <exception cref="RefusedTargetException">Every address of the host is refused; no connection was opened.</exception>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, OwnAddresses own,
        CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(a => Refusal(a, allowPrivate, own) is null).ToArray();
        if (allowed.Length == 0)
        {
            var reason = addresses.Length == 0 ? "has no address" : Refusal(addresses[0], allowPrivate, own);
            throw new RefusedTargetException($"{host} {reason}.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A receiver whose every address is refused: a permanent failure, never retried.</summary>
public sealed class RefusedTargetException(string message) : HttpRequestException(message);
