using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Downwatch.Web.Reports;

/// <summary>
/// A keyed hash of the network a client sends from — its address cut to <see cref="ReportOptions.IPv4PrefixLength"/>
/// bits for IPv4 (a /24) or <see cref="ReportOptions.IPv6PrefixLength"/> for IPv6 (a /64) — enough to count one vote per
/// reporter and to rate-limit it, while the raw address is never stored or logged. Headers a client chooses (its
/// User-Agent) are not part of it: one machine changing them is still one reporter. The address is the connection's,
/// or the forwarded one when the request came through a configured known proxy (see <c>ForwardedHeaders:KnownProxies</c>).
/// The key comes from Reports:FingerprintKey, or is drawn at start.
/// </summary>
internal sealed class ClientFingerprint
{
    private readonly byte[] _key;
    private readonly int _ipv4Prefix;
    private readonly int _ipv6Prefix;

    public ClientFingerprint(IOptions<ReportOptions> options)
    {
        var configured = options.Value.FingerprintKey;
        _key = string.IsNullOrEmpty(configured) ? RandomNumberGenerator.GetBytes(32) : Encoding.UTF8.GetBytes(configured);
        _ipv4Prefix = options.Value.IPv4PrefixLength;
        _ipv6Prefix = options.Value.IPv6PrefixLength;
    }

    public string Of(HttpContext context)
    {
        if (context.Items[typeof(ClientFingerprint)] is string known)
        {
            return known;
        }

        var hash = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(NetworkOf(context.Connection.RemoteIpAddress)));
        var fingerprint = Convert.ToHexStringLower(hash.AsSpan(0, 16));
        context.Items[typeof(ClientFingerprint)] = fingerprint;
        return fingerprint;
    }

    /// <summary>The address's network as text ("203.0.113.0/24", "2001:db8:1:2::/64"); an IPv4 address inside IPv6 counts as IPv4.</summary>
    public string NetworkOf(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var prefix = address.AddressFamily == AddressFamily.InterNetwork ? _ipv4Prefix : _ipv6Prefix;
        var bytes = address.GetAddressBytes();
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return $"{new IPAddress(bytes)}/{prefix}";
    }
}
