using System.Security.Cryptography;
using Downwatch.Domain.Operators;
using Downwatch.Storage;
using Microsoft.AspNetCore.Identity;

namespace Downwatch.Web.Admin;

/// <summary>What a sign-in attempt came to.</summary>
internal enum SignInOutcome
{
    SignedIn,
    Wrong,
    Locked,
}

/// <summary>Checks a name and password with ASP.NET Core Identity's password hasher (and the authenticator code of an
/// account with two-step sign-in on), counts failures towards the lockout, and writes every attempt to the audit log. An unknown name costs the same hashing as a known one.</summary>
internal sealed class OperatorSignIn(IOperatorStore accounts, IPasswordHasher<OperatorAccount> hasher, OperatorSecondFactor secondFactor,
    IAuditLog audit, TimeProvider time)
{
    public const int NameMax = 64;
    public const int PasswordMax = 1_000;
    private static readonly OperatorAccount Nobody = new("-", OperatorRole.Editor, "", "", 0, null, DateTimeOffset.UnixEpoch);
    private static readonly Lazy<string> NobodysHash = new(() => new PasswordHasher<OperatorAccount>().HashPassword(Nobody, NewPassword()));

    /// <param name="code">The authenticator code; asked only of accounts with two-step sign-in on, and a wrong one counts
    /// towards the lockout like a wrong password.</param>
    public async Task<(SignInOutcome Outcome, OperatorAccount? Account)> CheckAsync(string? name, string? password, string? code,
        string address, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        name = (name ?? "").Trim();
        var account = name.Length is > 0 and <= NameMax ? await accounts.FindAsync(name, cancellationToken) : null;
        password ??= "";
        if (account is null)
        {
            hasher.VerifyHashedPassword(Nobody, NobodysHash.Value, password.Length <= PasswordMax ? password : "");
            await audit.AppendAsync(new AuditEntry(now, Clip(name), address, "sign-in-failed", "unknown name"), cancellationToken);
            return (SignInOutcome.Wrong, null);
        }

        if (account.IsLocked(now))
        {
            await audit.AppendAsync(new AuditEntry(now, account.Name, address, "sign-in-refused",
                $"locked until {account.LockedUntil:u}"), cancellationToken);
            return (SignInOutcome.Locked, account);
        }

        // An account made by the OpenID Connect sign-in has no password: nothing typed here matches it.
        var verdict = password.Length is > 0 and <= PasswordMax && account.PasswordHash.Length > 0
            ? hasher.VerifyHashedPassword(account, account.PasswordHash, password)
            : PasswordVerificationResult.Failed;
        if (verdict == PasswordVerificationResult.Failed)
        {
            return await FailedAsync(account, "wrong password");
        }

        var signedIn = SignInRules.AfterSuccess(account);
        if (account.HasSecondFactor)
        {
            if (secondFactor.Accept(account, code) is not { } step)
            {
                return await FailedAsync(account, "wrong or reused authenticator code");
            }

            signedIn = signedIn with { LastCodeStep = step };
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            signedIn = signedIn with { PasswordHash = hasher.HashPassword(account, password) };
        }

        await accounts.SaveAsync(signedIn, cancellationToken);
        await audit.AppendAsync(new AuditEntry(now, account.Name, address, "sign-in",
            account.Role.ToString().ToLowerInvariant() + (account.HasSecondFactor ? ", with an authenticator code" : "")), cancellationToken);
        return (SignInOutcome.SignedIn, signedIn);

        async Task<(SignInOutcome, OperatorAccount?)> FailedAsync(OperatorAccount failing, string why)
        {
            var after = SignInRules.AfterFailure(failing, now);
            await accounts.SaveAsync(after, cancellationToken);
            await audit.AppendAsync(new AuditEntry(now, failing.Name, address, "sign-in-failed",
                after.IsLocked(now) ? $"{why}; locked until {after.LockedUntil:u}" : why), cancellationToken);
            return (after.IsLocked(now) ? SignInOutcome.Locked : SignInOutcome.Wrong, after);
        }
    }

    /// <summary>A new account (or a new password for one), with a fresh stamp so older sessions end; returns the
    /// one-time password to hand over.</summary>
    public (OperatorAccount Account, string Password) Issue(string name, OperatorRole role, OperatorAccount? existing)
    {
        var password = NewPassword();
        var account = new OperatorAccount(name, role, "", NewStamp(), 0, null, existing?.CreatedAt ?? time.GetUtcNow());
        return (account with { PasswordHash = hasher.HashPassword(account, password) }, password);
    }

    public OperatorAccount WithPassword(OperatorAccount account, string password) =>
        account with { PasswordHash = hasher.HashPassword(account, password), Stamp = NewStamp() };

    public bool Verify(OperatorAccount account, string password) =>
        password.Length is > 0 and <= PasswordMax && account.PasswordHash.Length > 0
        && hasher.VerifyHashedPassword(account, account.PasswordHash, password) != PasswordVerificationResult.Failed;

    public static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static string NewPassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');

    private static string Clip(string name) => name.Length <= NameMax ? name : name[..NameMax];
}
