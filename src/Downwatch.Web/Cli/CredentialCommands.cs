using System.CommandLine;
using Downwatch.Storage;
using Downwatch.Storage.Sql;

namespace Downwatch.Web.Cli;

/// <summary>What the add|revoke|list verbs of one kind of credential say.</summary>
/// <param name="Invalid">Printed (after the quoted name) when a name to add does not fit <c>isValidName</c>.</param>
/// <param name="NothingToRevoke">Printed when there is no active credential of that name.</param>
internal sealed record CredentialVerbTexts(string Group, string GroupHelp, string Argument, string ArgumentHelp, string AddHelp,
    string RevokeHelp, string ListHelp, string Invalid, string NothingToRevoke);

/// <summary>
/// <c>add NAME</c> (the secret is printed once), <c>revoke NAME</c> and <c>list</c> over one named-credential store,
/// against the configured database (migrated first). Used by <c>downwatch locations</c> and <c>downwatch keys</c>.
/// </summary>
internal static class CredentialCommands
{
    public static Command Build<TStore>(CredentialVerbTexts texts, Func<string, bool> isValidName)
        where TStore : INamedCredentialStore
    {
        var name = new Argument<string>(texts.Argument) { Description = texts.ArgumentHelp };
        var add = new Command("add", texts.AddHelp);
        add.Arguments.Add(name);
        add.SetAction((result, ct) => WithStore<TStore>(result, async (store, now) =>
        {
            var value = result.GetValue(name)!;
            if (!isValidName(value))
            {
                await Console.Error.WriteLineAsync($"'{value}' {texts.Invalid}");
                return 2;
            }

            Console.WriteLine(await store.IssueAsync(value, now, ct));
            return 0;
        }));
        var revoke = new Command("revoke", texts.RevokeHelp);
        revoke.Arguments.Add(name);
        revoke.SetAction((result, ct) => WithStore<TStore>(result, async (store, now) =>
        {
            var done = await store.RevokeAsync(result.GetValue(name)!, now, ct);
            Console.WriteLine(done ? "revoked" : texts.NothingToRevoke);
            return done ? 0 : 1;
        }));
        var list = new Command("list", texts.ListHelp);
        list.SetAction((result, ct) => WithStore<TStore>(result, async (store, _) =>
        {
            foreach (var c in await store.ListAsync(ct))
            {
                Console.WriteLine($"{c.Name}\tissued {c.CreatedAt:u}\t{(c.RevokedAt is { } r ? $"revoked {r:u}" : "active")}");
            }

            return 0;
        }));
        var group = new Command(texts.Group, texts.GroupHelp);
        foreach (var command in new[] { add, revoke, list })
        {
            command.TreatUnmatchedTokensAsErrors = false;
            group.Subcommands.Add(command);
        }

        return group;
    }

    /// <summary>Runs <paramref name="action"/> with a service of the configured database (migrated first); settings such
    /// as <c>--Storage:SqlitePath=…</c> pass through.</summary>
    public static async Task<int> WithStore<TStore>(ParseResult result, Func<TStore, DateTimeOffset, Task<int>> action,
        Action<IServiceCollection>? configure = null)
        where TStore : notnull
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [.. result.UnmatchedTokens], ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddDownwatchStorage(builder.Configuration);
        configure?.Invoke(builder.Services);
        using var host = builder.Build();
        host.Services.GetRequiredService<DatabaseMigrator>().MigrateUp();
        return await action(host.Services.GetRequiredService<TStore>(), TimeProvider.System.GetUtcNow());
    }
}
