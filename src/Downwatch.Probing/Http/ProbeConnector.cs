using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Downwatch.Probing.Http;

/// <summary>Resolves a host name to addresses; the system resolver in production, a fixed map in tests.</summary>
public delegate ValueTask<IPAddress[]> HostResolve(string host, CancellationToken cancellationToken);

/// <summary>
/// Opens the connection of one probe itself — DNS, TCP, then TLS — so that each step is timed and the
/// certificate is seen. Requests reach it as plain http with <see cref="ProbeTimings"/> in their options.
/// </summary>
internal sealed class ProbeConnector(HostResolve resolve, bool allowUntrusted)
{
    public static readonly HttpRequestOptionsKey<ProbeTimings> TimingsKey = new("downwatch.probe.timings");

    /// <summary>The client every probe sends through: this connector's timed, guarded connections, one request per
    /// connection, nothing followed, decompressed, remembered or drained, and small header limits (probes read little).</summary>
    public static HttpMessageInvoker Client(HostResolve resolve, bool allowUntrusted) => new(new SocketsHttpHandler
    {
        ConnectCallback = new ProbeConnector(resolve, allowUntrusted).ConnectAsync,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.Zero,
        MaxResponseHeadersLength = 64,
        MaxResponseDrainSize = 0,
    });

    public static ValueTask<IPAddress[]> SystemResolver(string host, CancellationToken ct) =>
        new(Dns.GetHostAddressesAsync(host, ct));

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        if (!context.InitialRequestMessage.Options.TryGetValue(TimingsKey, out var timings))
        {
            throw new InvalidOperationException("Probe requests carry their timings.");
        }

        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await resolve(host, ct);
        timings.DnsMs = timings.ElapsedMs;
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        timings.ConnectMs = timings.ElapsedMs - timings.DnsMs;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (timings.TlsHost is null)
        {
            return stream;
        }

        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = timings.TlsHost,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => Validate(timings, certificate, errors),
            }, ct);
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }

        timings.TlsMs = timings.ElapsedMs - timings.DnsMs - timings.ConnectMs;
        timings.TlsProtocol = tls.SslProtocol;
        return tls;
    }

    private bool Validate(ProbeTimings timings, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is X509Certificate2 cert)
        {
            timings.TlsIssuer = cert.GetNameInfo(X509NameType.SimpleName, forIssuer: true);
            timings.TlsNotAfter = cert.NotAfter.ToUniversalTime();
        }

        if (errors != SslPolicyErrors.None)
        {
            timings.TlsError = errors.ToString();
        }

        return errors == SslPolicyErrors.None || allowUntrusted;
    }
}
