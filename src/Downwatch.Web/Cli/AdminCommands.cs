using System.CommandLine;
using System.Text.RegularExpressions;
using Downwatch.Domain.Operators;
using Downwatch.Storage;
using Downwatch.Web.Admin;
using Microsoft.AspNetCore.Identity;

namespace Downwatch.Web.Cli;

/// <summary><c>downwatch admins add|list|remove</c>: accounts of the operator console at /admin (uses the configured
/// database). <c>add</c> prints a one-time password; adding an existing name gives it a new one, ends its sessions and turns its two-step sign-in off (the way back for
/// someone who lost their authenticator app).</summary>
internal static partial class AdminCommands
{
    public static Command Admins()
    {
        var name = new Argument<string>("name") { Description = "Account name (lower-case letters, digits, dashes; up to 64)." };
        var role = new Option<string>("--role") { Description = "admin (everything) or editor (incidents, maintenance, overrides).", DefaultValueFactory = _ => "admin" };
        role.AcceptOnlyFromAmong("admin", "editor");

        var add = new Command("add", "Create a console account (or give an existing one a new password) and print its one-time password.");
        add.Arguments.Add(name);
        add.Options.Add(role);
        add.SetAction((result, ct) => WithAccounts(result, async (accounts, signIn, audit, now) =>
        {
            var value = result.GetValue(name)!;
            if (!NamePattern().IsMatch(value))
            {
                await Console.Error.WriteLineAsync($"'{value}' is not a valid account name (lower-case letters, digits and dashes, up to 64).");
                return 2;
            }

            var chosen = result.GetValue(role) == "editor" ? OperatorRole.Editor : OperatorRole.Admin;
            var existing = await accounts.FindAsync(value, ct);
            var (account, password) = signIn.Issue(value, chosen, existing);
            await accounts.SaveAsync(account, ct);
            await audit.AppendAsync(new AuditEntry(now, "command-line", "local", chosen == OperatorRole.Admin ? "admin-issued" : "editor-issued", value), ct);
            Console.WriteLine(password);
            await Console.Error.WriteLineAsync($"Sign in at /admin/sign-in as '{value}' with the password above (shown once), then change it on the console's first page."
                + (existing?.HasSecondFactor == true ? " Its two-step sign-in is off until it is turned on again there." : ""));
            return 0;
        }));

        var list = new Command("list", "List console accounts and their roles (never passwords).");
        list.SetAction((result, ct) => WithAccounts(result, async (accounts, _, _, now) =>
        {
            foreach (var a in await accounts.ListAsync(ct))
            {
                Console.WriteLine($"{a.Name}\t{a.Role.ToString().ToLowerInvariant()}\tsince {a.CreatedAt:u}{(a.IsLocked(now) ? $"\tlocked until {a.LockedUntil:u}" : "")}");
            }

            return 0;
        }));

        var remove = new Command("remove", "Remove a console account; its sessions end at their next request.");
        remove.Arguments.Add(name);
        remove.SetAction((result, ct) => WithAccounts(result, async (accounts, _, audit, now) =>
        {
            var value = result.GetValue(name)!;
            var done = await accounts.DeleteAsync(value, ct);
            if (done)
            {
                await audit.AppendAsync(new AuditEntry(now, "command-line", "local", "account-revoked", value), ct);
            }

            Console.WriteLine(done ? "removed" : "no account of that name");
            return done ? 0 : 1;
        }));

        var group = new Command("admins", "Manage accounts of the operator console (/admin).");
        foreach (var command in new[] { add, list, remove })
        {
            command.TreatUnmatchedTokensAsErrors = false;
            group.Subcommands.Add(command);
        }

        return group;
    }

    private static Task<int> WithAccounts(ParseResult result, Func<IOperatorStore, OperatorSignIn, IAuditLog, DateTimeOffset, Task<int>> action) =>
        CredentialCommands.WithStore<IServiceProvider>(result, (services, now) => action(services.GetRequiredService<IOperatorStore>(),
            services.GetRequiredService<OperatorSignIn>(), services.GetRequiredService<IAuditLog>(), now), services =>
        {
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton<IPasswordHasher<OperatorAccount>, PasswordHasher<OperatorAccount>>();
            services.AddSingleton<OperatorSecondFactor>();
            services.AddSingleton<OperatorSignIn>();
        });

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex NamePattern();
}
