using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Downwatch.Web.Reports;

/// <summary>
/// A keyed hash of a client's address and User-Agent: enough to count one vote per client and to rate-limit it,
/// while the raw address is never stored or logged. The key comes from Reports:FingerprintKey, or is drawn at start.
/// </summary>
public sealed class ClientFingerprint
{
    private readonly byte[] _key;

    public ClientFingerprint(IOptions<ReportOptions> options)
    {
        var configured = options.Value.FingerprintKey;
        _key = string.IsNullOrEmpty(configured) ? RandomNumberGenerator.GetBytes(32) : Encoding.UTF8.GetBytes(configured);
    }

    public string Of(HttpContext context)
    {
        if (context.Items[typeof(ClientFingerprint)] is string known)
        {
            return known;
        }

        var address = context.Connection.RemoteIpAddress?.ToString() ?? "";
        var agent = context.Request.Headers.UserAgent.ToString();
        var hash = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{address}\n{agent}"));
        var fingerprint = Convert.ToHexStringLower(hash.AsSpan(0, 16));
        context.Items[typeof(ClientFingerprint)] = fingerprint;
        return fingerprint;
    }
}
