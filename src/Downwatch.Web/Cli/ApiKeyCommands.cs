using System.CommandLine;
using System.Text.RegularExpressions;
using Downwatch.Storage;

namespace Downwatch.Web.Cli;

/// <summary><c>downwatch keys add|list|revoke</c>: API keys of the write API (uses the configured database).</summary>
public static partial class ApiKeyCommands
{
    public static Command Keys()
    {
        var name = new Argument<string>("name") { Description = "Key name (lower-case letters, digits, dashes; up to 64)." };
        var add = new Command("add", "Issue an API key (replacing any earlier key of that name); it is shown once and stored hashed.");
        add.Arguments.Add(name);
        add.SetAction((result, ct) => WithKeys(result, async (keys, now) =>
        {
            var keyName = result.GetValue(name)!;
            if (!NamePattern().IsMatch(keyName))
            {
                await Console.Error.WriteLineAsync($"'{keyName}' is not a valid key name (lower-case letters, digits and dashes, up to 64).");
                return 2;
            }

            Console.WriteLine(await keys.IssueAsync(keyName, now, ct));
            return 0;
        }));
        var revoke = new Command("revoke", "Revoke an API key: requests with it are refused (401) from now on.");
        revoke.Arguments.Add(name);
        revoke.SetAction((result, ct) => WithKeys(result, async (keys, now) =>
        {
            var done = await keys.RevokeAsync(result.GetValue(name)!, now, ct);
            Console.WriteLine(done ? "revoked" : "no active key of that name");
            return done ? 0 : 1;
        }));
        var list = new Command("list", "List API keys and whether they are active (never the keys themselves).");
        list.SetAction((result, ct) => WithKeys(result, async (keys, _) =>
        {
            foreach (var k in await keys.ListAsync(ct))
            {
                Console.WriteLine($"{k.Name}\tissued {k.CreatedAt:u}\t{(k.RevokedAt is { } r ? $"revoked {r:u}" : "active")}");
            }

            return 0;
        }));
        var group = new Command("keys", "Manage API keys of the write API (webhook, Slack and Discord subscriptions).");
        foreach (var command in new[] { add, revoke, list })
        {
            command.TreatUnmatchedTokensAsErrors = false;
            group.Subcommands.Add(command);
        }

        return group;
    }

    private static async Task<int> WithKeys(ParseResult result, Func<IApiKeyStore, DateTimeOffset, Task<int>> action)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [.. result.UnmatchedTokens], ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddDownwatchStorage();
        using var host = builder.Build();
        host.Services.GetRequiredService<DatabaseMigrator>().MigrateUp();
        return await action(host.Services.GetRequiredService<IApiKeyStore>(), TimeProvider.System.GetUtcNow());
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex NamePattern();
}
