namespace Downwatch.Domain.Operators;

/// <summary>Admins do everything; editors write incidents, maintenance, overrides and silences.</summary>
public enum OperatorRole
{
    Editor,
    Admin,
}

/// <summary>A person who may sign in to the console. <see cref="Stamp"/> changes to sign the account out everywhere.</summary>
/// <param name="PasswordHash">As made by ASP.NET Core Identity's password hasher; never the password. Empty for an
/// account that signs in only through the configured OpenID Connect provider.</param>
/// <param name="SecondFactor">The authenticator (TOTP) secret, encrypted at rest; null while two-step sign-in is off.</param>
/// <param name="LastCodeStep">The time step of the last authenticator code accepted: a code is good once.</param>
public sealed record OperatorAccount(string Name, OperatorRole Role, string PasswordHash, string Stamp, int FailedSignIns,
    DateTimeOffset? LockedUntil, DateTimeOffset CreatedAt, string? SecondFactor = null, long LastCodeStep = 0)
{
    public bool IsLocked(DateTimeOffset now) => LockedUntil is { } until && now < until;

    public bool HasSecondFactor => SecondFactor is not null;

    /// <summary>Never the hash or the secret.</summary>
    public override string ToString() => $"{Name} ({Role})";
}

/// <summary>Lockout: after <see cref="MaxFailures"/> wrong passwords in a row an account refuses every sign-in, right
/// or wrong, for <see cref="LockFor"/>; a right password after that starts the count again.</summary>
public static class SignInRules
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockFor = TimeSpan.FromMinutes(15);

    public static OperatorAccount AfterFailure(OperatorAccount account, DateTimeOffset now)
    {
        var failures = account.FailedSignIns + 1;
        return failures >= MaxFailures
            ? account with { FailedSignIns = 0, LockedUntil = now + LockFor }
            : account with { FailedSignIns = failures };
    }

    public static OperatorAccount AfterSuccess(OperatorAccount account) => account with { FailedSignIns = 0, LockedUntil = null };
}

/// <summary>One line of the audit log: who did what, when, from where.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Address, string Action, string Detail);
