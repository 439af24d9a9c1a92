using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Downwatch.Web.Reports;

/// <summary>What checking a proof of work found.</summary>
internal enum ProofVerdict
{
    Valid,
    Missing,
    Invalid,
    Expired,
    OtherService,
    InsufficientWork,
    Replayed,
    Saturated,
}

/// <summary>
/// Stateless challenges for the optional proof of work: <c>v1.{service}.{issued unix s}.{difficulty}.{random id}.{mac}</c>,
/// the mac an HMAC-SHA256 of the rest under a server secret, so the server keeps nothing until a challenge is used.
/// The sender must find a nonce such that SHA-256(challenge + nonce) starts with <c>difficulty</c> zero bits.
/// Checking costs two hashes. A used challenge is remembered until it expires (at most
/// <see cref="ProofOfWorkOptions.MaxRemembered"/> of them) so each one counts once.
/// </summary>
internal sealed class ProofOfWork
{
    public const int MaxNonceLength = 32;
    private const int MaxChallengeLength = 256;

    private readonly ProofOfWorkOptions _options;
    private readonly TimeProvider _time;
    private readonly byte[] _secret;
    private readonly ConcurrentDictionary<string, long> _used = new(StringComparer.Ordinal);
    private readonly Lock _sweep = new();
    private int _remembered;

    public ProofOfWork(IOptions<ReportOptions> options, TimeProvider time)
    {
        _options = options.Value.ProofOfWork;
        _time = time;
        _secret = string.IsNullOrEmpty(_options.Secret) ? RandomNumberGenerator.GetBytes(32) : Encoding.UTF8.GetBytes(_options.Secret);
    }

    public bool Enabled => _options.Enabled;

    public int Difficulty => _options.Difficulty;

    /// <summary>A fresh challenge for reports on <paramref name="service"/>.</summary>
    public string Issue(string service)
    {
        var issued = _time.GetUtcNow().ToUnixTimeSeconds();
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12));
        var body = string.Create(CultureInfo.InvariantCulture, $"v1.{service}.{issued}.{_options.Difficulty}.{id}");
        return $"{body}.{Mac(body)}";
    }

    /// <summary>Checks a challenge and nonce sent with a report on <paramref name="service"/>; a valid one is used up.</summary>
    public ProofVerdict Verify(string service, string? challenge, string? nonce)
    {
        if (string.IsNullOrEmpty(challenge) || string.IsNullOrEmpty(nonce))
        {
            return ProofVerdict.Missing;
        }

        if (challenge.Length > MaxChallengeLength || nonce.Length > MaxNonceLength || !nonce.All(char.IsAsciiLetterOrDigit))
        {
            return ProofVerdict.Invalid;
        }

        var macAt = challenge.LastIndexOf('.');
        var parts = challenge.Split('.');
        if (parts.Length != 6 || parts[0] != "v1" || macAt < 0
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(challenge[..macAt])), Encoding.ASCII.GetBytes(parts[5]))
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var issued)
            || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var difficulty))
        {
            return ProofVerdict.Invalid;
        }

        if (parts[1] != service)
        {
            return ProofVerdict.OtherService;
        }

        var now = _time.GetUtcNow();
        var expires = DateTimeOffset.FromUnixTimeSeconds(issued) + _options.Lifetime;
        if (now > expires || DateTimeOffset.FromUnixTimeSeconds(issued) > now + TimeSpan.FromMinutes(1))
        {
            return ProofVerdict.Expired;
        }

        if (difficulty < _options.Difficulty || !HasLeadingZeroBits(SHA256.HashData(Encoding.ASCII.GetBytes(challenge + nonce)), difficulty))
        {
            return ProofVerdict.InsufficientWork;
        }

        return Remember(parts[4], expires.UtcTicks, now.UtcTicks);
    }

    /// <summary>What a person is told when a report is refused for its proof of work.</summary>
    public static string Explain(ProofVerdict verdict) => verdict switch
    {
        ProofVerdict.Missing =>
            "This site asks your browser for a moment of computation before it accepts a report (to keep automated floods out), " +
            "and that needs JavaScript. Turn JavaScript on for this site, reload the page and send your report again.",
        ProofVerdict.Expired => "The page you reported from is too old. Reload it and send your report again.",
        ProofVerdict.OtherService => "This report's check was made for another service's page. Reload the page and send it again.",
        ProofVerdict.Replayed => "This page's check was already used for a report. Reload the page to send another one.",
        ProofVerdict.Saturated => "Too many reports are arriving right now. Please try again in a few minutes.",
        ProofVerdict.InsufficientWork => "The browser's check for this report did not add up. Reload the page and send it again.",
        _ => "The check that came with this report is not valid. Reload the page and send it again.",
    };

    public static bool HasLeadingZeroBits(ReadOnlySpan<byte> hash, int bits)
    {
        var whole = bits / 8;
        if (hash[..whole].ContainsAnyExcept((byte)0))
        {
            return false;
        }

        var rest = bits % 8;
        return rest == 0 || hash[whole] >> (8 - rest) == 0;
    }

    private long _lastSweepTicks = long.MinValue / 2;

    private ProofVerdict Remember(string id, long expiresTicks, long nowTicks)
    {
        // Full: drop expired challenges — at most once a second and by one thread, so a flood of solved challenges
        // while the memory is full costs each submission a counter read, not a scan.
        if (Volatile.Read(ref _remembered) >= _options.MaxRemembered)
        {
            if (nowTicks - Volatile.Read(ref _lastSweepTicks) >= TimeSpan.TicksPerSecond && _sweep.TryEnter())
            {
                try
                {
                    Volatile.Write(ref _lastSweepTicks, nowTicks);
                    foreach (var (key, expiry) in _used)
                    {
                        if (expiry < nowTicks && _used.TryRemove(key, out _))
                        {
                            Interlocked.Decrement(ref _remembered);
                        }
                    }
                }
                finally
                {
                    _sweep.Exit();
                }
            }

            if (Volatile.Read(ref _remembered) >= _options.MaxRemembered)
            {
                return ProofVerdict.Saturated;
            }
        }

        if (!_used.TryAdd(id, expiresTicks))
        {
            return ProofVerdict.Replayed;
        }

        Interlocked.Increment(ref _remembered);
        return ProofVerdict.Valid;
    }

    private string Mac(string body) => Base64Url.EncodeToString(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(body)).AsSpan(0, 16));
}
