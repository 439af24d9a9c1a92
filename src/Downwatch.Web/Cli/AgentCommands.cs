using System.CommandLine;
using Downwatch.Storage;
using Downwatch.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Downwatch.Web.Cli;

/// <summary><c>downwatch agent</c> (a remote probe location) and <c>downwatch locations</c> (its tokens, on the server).</summary>
internal static class AgentCommands
{
    public static Command Agent(Option<string?> catalog)
    {
        var server = new Option<Uri>("--server")
        {
            Description = "Base URL of the Downwatch server, for example http://127.0.0.1:5080.",
            Required = true,
            CustomParser = ParseServer,
        };
        var token = new Option<string>("--token") { Description = "This location's agent token (from 'downwatch locations add').", Required = true };
        var location = new Option<string>("--location") { Description = "Name of this probe location, as issued.", Required = true };
        var buffer = new Option<string?>("--buffer") { Description = "Directory where results wait for the server (default: agent-buffer-<location>)." };
        var agent = new Command("agent", "Run a remote probe location: probe the server's assignment and push results, buffering on disk while the server is unreachable.");
        agent.Options.Add(server);
        agent.Options.Add(token);
        agent.Options.Add(location);
        agent.Options.Add(buffer);
        agent.Options.Add(catalog);
        agent.TreatUnmatchedTokensAsErrors = false;
        agent.SetAction(async (result, ct) =>
        {
            try
            {
                using var host = AgentHost.Build([.. result.UnmatchedTokens], result.GetValue(server)!, result.GetValue(token)!,
                    result.GetValue(location)!, result.GetValue(buffer), result.GetValue(catalog));
                await host.RunAsync(ct);
                return 0;
            }
            catch (OptionsValidationException e)
            {
                await Console.Error.WriteLineAsync("Invalid configuration: " + string.Join("; ", e.Failures));
                return 2;
            }
        });
        return agent;
    }

    private static Uri? ParseServer(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Join(' ', result.Tokens.Select(t => t.Value));
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment))
        {
            return uri;
        }

        result.AddError($"--server: '{text}' is not the http:// or https:// address of a Downwatch server (for example http://127.0.0.1:5080).");
        return null;
    }

    public static Command Locations() => CredentialCommands.Build<IAgentTokenStore>(new CredentialVerbTexts(
        "locations", "Manage remote probe locations and their agent tokens (uses the configured database).",
        "location", "Probe location name (lower-case letters, digits, dashes).",
        "Issue a token for a probe location (replacing any earlier one); it is shown once and stored hashed.",
        "Revoke a probe location's token: its agent is refused from now on.",
        "List probe locations and whether their tokens are active.",
        "is not a valid location name (lower-case letters, digits and dashes).",
        "no active token for that location"),
        location => System.Text.RegularExpressions.Regex.IsMatch(location, Probing.ProbingOptions.LocationPattern));
}
