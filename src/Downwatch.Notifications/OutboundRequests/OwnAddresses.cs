using System.Net;
using System.Net.NetworkInformation;
using Microsoft.Extensions.Options;

namespace Downwatch.Notifications;

/// <summary>
/// This server's own addresses, which no receiver may have: those listed in <c>Notifications:OwnAddresses</c> (a
/// public address the host is reached at through NAT, for instance) and, unless
/// <c>Notifications:IncludeInterfaceAddresses</c> is false, every address of the machine's network interfaces
/// except loopback (loopback is refused with the private addresses, and allowed with them).
/// </summary>
public sealed class OwnAddresses
{
    private readonly HashSet<IPAddress> _addresses;

    public OwnAddresses(IOptions<NotificationOptions> options)
    {
        _addresses = [.. options.Value.OwnAddresses.Select(a => Normal(IPAddress.Parse(a.Trim())))]; // validated at start
        if (options.Value.IncludeInterfaceAddresses)
        {
            _addresses.UnionWith(InterfaceAddresses());
        }
    }

    public bool Contains(IPAddress address) => _addresses.Contains(Normal(address));

    /// <summary>IPv4 as IPv4 (not mapped into IPv6), IPv6 without its scope (fe80::1%2 is fe80::1).</summary>
    private static IPAddress Normal(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4()
        : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && address.ScopeId != 0 ? new IPAddress(address.GetAddressBytes())
        : address;

    /// <summary>The interfaces' addresses; none where the system will not list them (some sandboxes refuse).</summary>
    private static List<IPAddress> InterfaceAddresses()
    {
        try
        {
            return [.. NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(u => u.Address)
                .Where(a => !IPAddress.IsLoopback(a)).Select(Normal)];
        }
        catch (Exception e) when (e is NetworkInformationException or System.Net.Sockets.SocketException or PlatformNotSupportedException)
        {
            return [];
        }
    }
}
