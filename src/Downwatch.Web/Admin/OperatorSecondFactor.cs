using System.Security.Cryptography;
using Downwatch.Domain.Operators;
using Microsoft.AspNetCore.DataProtection;
using OtpNet;

namespace Downwatch.Web.Admin;

/// <summary>A secret offered to an operator who is turning two-step sign-in on, until they prove their app has it.</summary>
/// <param name="Key">The secret in Base32, for typing into an authenticator app.</param>
/// <param name="Uri">The same as an <c>otpauth://</c> address, for apps that take one.</param>
/// <param name="Pending">The secret encrypted for the confirming form, bound to the operator and the time it was offered.</param>
public sealed record SecondFactorOffer(string Key, string Uri, string Pending);

/// <summary>
/// Two-step sign-in with an authenticator app (TOTP, RFC 6238, through Otp.NET): 30-second codes of 6 digits, one step of
/// clock drift either way, each code accepted once. Secrets are kept encrypted with ASP.NET Core Data Protection (its key
/// ring is in the database, so every node reads them); a secret being set up travels in the form, encrypted and
/// bound to the operator, for at most <see cref="OfferLifetime"/>.
/// </summary>
internal sealed class OperatorSecondFactor(IDataProtectionProvider protection, TimeProvider time)
{
    public const string Issuer = "Downwatch";
    public static readonly TimeSpan OfferLifetime = TimeSpan.FromMinutes(15);

    private readonly IDataProtector _stored = protection.CreateProtector("Downwatch.Console.SecondFactor.v1");
    private readonly IDataProtector _offered = protection.CreateProtector("Downwatch.Console.SecondFactor.Offer.v1");

    public SecondFactorOffer Offer(string operatorName)
    {
        var key = KeyGeneration.GenerateRandomKey(20);
        var base32 = Base32Encoding.ToString(key);
        return OfferAgain(operatorName, base32, _offered.Protect($"{operatorName}\n{time.GetUtcNow().ToUnixTimeSeconds()}\n{base32}"));
    }

    /// <summary>An offer shown again after a wrong code: the same secret and the same expiry.</summary>
    public static SecondFactorOffer OfferAgain(string operatorName, string base32, string pending) =>
        new(base32, new OtpUri(OtpType.Totp, base32, operatorName, Issuer).ToString(), pending);

    /// <summary>The offered secret, if <paramref name="pending"/> is one made for this operator and not too old.</summary>
    public string? Offered(string operatorName, string? pending)
    {
        try
        {
            var parts = _offered.Unprotect(pending ?? "").Split('\n');
            var offeredAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
            return parts.Length == 3 && parts[0] == operatorName && time.GetUtcNow() - offeredAt <= OfferLifetime ? parts[2] : null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException or IndexOutOfRangeException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>The account with two-step sign-in on, if <paramref name="code"/> is the current code of the offered secret.</summary>
    public OperatorAccount? TurnOn(OperatorAccount account, string base32, string? code) =>
        Step(base32, code) is { } step
            ? account with { SecondFactor = _stored.Protect(base32), LastCodeStep = step }
            : null;

    /// <summary>The time step of <paramref name="code"/> when it is the account's current code and newer than the last one
    /// accepted; null otherwise (wrong, too old, used already, or a secret that no longer decrypts).</summary>
    public long? Accept(OperatorAccount account, string? code)
    {
        if (account.SecondFactor is not { } stored)
        {
            return null;
        }

        string base32;
        try
        {
            base32 = _stored.Unprotect(stored);
        }
        catch (CryptographicException)
        {
            return null;
        }

        return Step(base32, code) is { } step && step > account.LastCodeStep ? step : null;
    }

    /// <summary>The current code of a secret, for tests and for nothing else.</summary>
    public static string CodeAt(string base32, DateTimeOffset at) => new Totp(Base32Encoding.ToBytes(base32)).ComputeTotp(at.UtcDateTime);

    private long? Step(string base32, string? code)
    {
        code = new string((code ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray());
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return null;
        }

        var totp = new Totp(Base32Encoding.ToBytes(base32));
        return totp.VerifyTotp(time.GetUtcNow().UtcDateTime, code, out var step, new VerificationWindow(previous: 1, future: 1)) ? step : null;
    }
}
