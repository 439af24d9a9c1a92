using System.Security.Authentication;

namespace Downwatch.Probing.Http;

/// <summary>Filled in by the connection callback while one probe request runs.</summary>
internal sealed class ProbeTimings
{
    public required TimeProvider Time { get; init; }
    public required long Started { get; init; }
    public string? TlsHost { get; init; }
    public double? DnsMs { get; set; }
    public double? ConnectMs { get; set; }
    public double? TlsMs { get; set; }
    public SslProtocols? TlsProtocol { get; set; }
    public string? TlsIssuer { get; set; }
    public DateTime? TlsNotAfter { get; set; }
    public string? TlsError { get; set; }

    public double ElapsedMs => Time.GetElapsedTime(Started).TotalMilliseconds;
}
