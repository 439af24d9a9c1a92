using Downwatch.Domain.Catalog;
using Downwatch.Domain.Incidents;
using Downwatch.Domain.Operators;
using Downwatch.Storage;
using Downwatch.Storage.Sql;

namespace Downwatch.Web.Admin;

/// <summary>What every console page shows around its content: who is signed in, the form token, a notice.</summary>
/// <param name="Operator">Null on the sign-in page.</param>
public sealed record ConsoleFrame(string Title, string? Operator, OperatorRole Role, string TokenField, string Token, string? Notice,
    DateTimeOffset Now)
{
    public bool IsAdmin => Role == OperatorRole.Admin;
}

/// <summary>A form as it was sent back, with what was wrong: the page shows the problems beside the fields and keeps
/// what was typed.</summary>
public sealed record FormEcho(IReadOnlyList<InputProblem> Problems, IReadOnlyDictionary<string, string> Values)
{
    public static readonly FormEcho Empty = new([], new Dictionary<string, string>());

    public string Value(string field, string fallback = "") => Values.GetValueOrDefault(field) ?? fallback;

    public IEnumerable<string> ProblemsOf(string field) => Problems.Where(p => p.Field == field).Select(p => p.Message);
}

public sealed record SignInModel(ConsoleFrame Frame, string ReturnUrl, string Name, string? Message)
{
    /// <summary>The OpenID Connect provider's name for the "Sign in with …" link, when one is configured.</summary>
    public string? External { get; init; }
}

/// <param name="Account">Problems with a form of the "Your account" section (password or two-step sign-in).</param>
/// <param name="HasPassword">False for an account that signs in only through OpenID Connect.</param>
public sealed record DashboardModel(ConsoleFrame Frame, IReadOnlyList<Incident> Open, OperatorStatements Statements,
    DateTimeOffset Now, FormEcho Account, bool SecondFactorOn, bool HasPassword);

/// <summary>Turning two-step sign-in on: the secret to add to an authenticator app and the form that proves it was.</summary>
public sealed record SecondFactorModel(ConsoleFrame Frame, SecondFactorOffer Offer, FormEcho Form);

public sealed record IncidentsModel(ConsoleFrame Frame, ServiceCatalog Catalog, IReadOnlyList<Incident> Incidents, FormEcho Form,
    string FormId);

public sealed record IncidentModel(ConsoleFrame Frame, ServiceCatalog Catalog, Incident Incident, FormEcho Form);

/// <param name="FormKind">Which of the page's forms <see cref="Form"/> belongs to (maintenance, override, silence).</param>
public sealed record StatementsModel(ConsoleFrame Frame, ServiceCatalog Catalog, OperatorStatements Statements, DateTimeOffset Now,
    FormEcho Form, string FormId)
{
    public string? FormKind { get; init; }

    public FormEcho FormOf(string kind) => FormKind == kind ? Form : FormEcho.Empty;
}

public sealed record CredentialsModel(ConsoleFrame Frame, IReadOnlyList<CredentialListing> Keys, IReadOnlyList<CredentialListing> Tokens,
    IReadOnlyList<OperatorAccount> Accounts, (string What, string Name, string Secret)? Issued, FormEcho Form);

public sealed record DeliveriesModel(ConsoleFrame Frame, IReadOnlyList<Delivery> DeadLetters, IReadOnlyList<Subscription> Subscriptions);

/// <summary>The catalog the site runs on, and what the files on disk say now.</summary>
/// <param name="Check">Null until asked; then the result of the same validation as <c>downwatch catalog check</c>.</param>
public sealed record CatalogModel(ConsoleFrame Frame, string Directory, ServiceCatalog Loaded, IReadOnlyList<(string File, string Hash)> OnDisk,
    string? Check, bool CheckPassed);

public sealed record AuditModel(ConsoleFrame Frame, IReadOnlyList<AuditEntry> Entries, string? Actor, string? Action);
