using System.CommandLine;
using System.Text.RegularExpressions;
using Downwatch.Storage;

namespace Downwatch.Web.Cli;

/// <summary><c>downwatch keys add|list|revoke</c>: API keys of the write API (uses the configured database).</summary>
internal static partial class ApiKeyCommands
{
    public static Command Keys() => CredentialCommands.Build<IApiKeyStore>(new CredentialVerbTexts(
        "keys", "Manage API keys of the write API (webhook, Slack and Discord subscriptions).",
        "name", "Key name (lower-case letters, digits, dashes; up to 64).",
        "Issue an API key (replacing any earlier key of that name); it is shown once and stored hashed.",
        "Revoke an API key: requests with it are refused (401) from now on.",
        "List API keys and whether they are active (never the keys themselves).",
        "is not a valid key name (lower-case letters, digits and dashes, up to 64).",
        "no active key of that name"),
        name => NamePattern().IsMatch(name));

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex NamePattern();
}
