using System.CommandLine;
using System.CommandLine.Parsing;
using Downwatch.Catalog;
using Downwatch.Domain.Catalog;
using Downwatch.Web.Cli.Diagnose;
using Downwatch.Web.Cli.Replay;
using Downwatch.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Downwatch.Web.Cli;

/// <summary>The verbs of the <c>downwatch</c> executable; <c>serve</c> is the default.</summary>
internal static class DownwatchCommandLine
{
    /// <summary>Parses and runs a command line; a malformed one (a bad value, a missing option) exits 2 with the reasons.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = Build().Parse(args);
        if (parsed.Errors.Count == 0)
        {
            return await parsed.InvokeAsync();
        }

        foreach (var error in parsed.Errors)
        {
            await Console.Error.WriteLineAsync(error.Message);
        }

        var verb = new List<string>();
        for (var result = parsed.CommandResult; result.Command is not RootCommand; result = (CommandResult)result.Parent!)
        {
            verb.Insert(0, result.Command.Name);
        }

        await Console.Error.WriteLineAsync($"Run '{string.Join(' ', ["downwatch", .. verb, "--help"])}' for its options.");
        return 2;
    }

    public static RootCommand Build()
    {
        var catalog = new Option<string?>("--catalog") { Description = "Directory holding services.yaml and errors.yaml (default: the bundled catalog)." };
        var root = new RootCommand("Downwatch: is it the AI service or is it me? Status with evidence.");

        var serve = new Command("serve", "Serve the site on SQLite (default verb). ASP.NET Core settings such as --urls pass through.");
        foreach (var command in new Command[] { root, serve })
        {
            command.Options.Add(catalog);
            command.TreatUnmatchedTokensAsErrors = false;
            command.SetAction((result, token) => ServeAsync(result.GetValue(catalog), [.. result.UnmatchedTokens], token));
        }

        root.Subcommands.Add(serve);
        root.Subcommands.Add(ReplayCommand.Build(catalog));
        root.Subcommands.Add(CatalogCheckCommand(catalog));
        root.Subcommands.Add(AgentCommands.Agent(catalog));
        root.Subcommands.Add(AgentCommands.Locations());
        var keys = ApiKeyCommands.Keys();
        keys.Subcommands.Add(ProviderKeyCommands.Provider(catalog));
        root.Subcommands.Add(keys);
        root.Subcommands.Add(AdminCommands.Admins());
        root.Subcommands.Add(DiagnoseCommand.Build(catalog));
        root.Subcommands.Add(FeedsCheckCommand.Build());
        return root;
    }

    private static async Task<int> ServeAsync(string? catalog, string[] hostArgs, CancellationToken token)
    {
        // Settings pass through as options ("--urls", "--Storage:SqlitePath=…"); a leading bare word is a mistyped verb.
        if (hostArgs.Length > 0 && !hostArgs[0].StartsWith('-'))
        {
            await Console.Error.WriteLineAsync($"Unknown command '{hostArgs[0]}'. Run 'downwatch --help' for the list of commands.");
            return 1;
        }

        try
        {
            var reload = new CatalogReload();
            using var hangUps = reload.TakeHangUps();
            var args = hostArgs;
            ServiceCatalog? reloaded = null;
            while (true)
            {
                var app = DownwatchHost.Build(args, catalog, services =>
                {
                    services.AddSingleton(reload);
                    if (reloaded is not null)
                    {
                        services.AddSingleton(reloaded);
                    }
                });
                await using (app)
                {
                    string[] bound = [];
                    app.Lifetime.ApplicationStarted.Register(() => bound = [.. app.Urls]);
                    await app.RunAsync(token);
                    reloaded = reload.Take();
                    if (reloaded is null || token.IsCancellationRequested)
                    {
                        return 0;
                    }

                    // The next host serves where this one did (a port 0 asked for at start stays the port it got).
                    args = [.. hostArgs, "--urls", string.Join(';', bound)];
                }
            }
        }
        catch (CatalogException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync("Invalid configuration: " + string.Join("; ", e.Failures));
            return 2;
        }
        catch (Storage.StorageUnavailableException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
    }

    private static Command CatalogCheckCommand(Option<string?> catalog)
    {
        var check = new Command("check", "Validate a catalog directory and print a summary, or every problem with file, line and field.");
        check.Options.Add(catalog);
        check.SetAction(result =>
        {
            var directory = result.GetValue(catalog) ?? CatalogOptions.BundledDirectory;
            try
            {
                var loaded = CatalogLoader.LoadDirectory(directory);
                Console.WriteLine($"{directory}: {loaded.Services.Count} services, {loaded.Errors.Count} error types: valid.");
                return 0;
            }
            catch (CatalogException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        });
        var group = new Command("catalog", "Work with the service catalog.");
        group.Subcommands.Add(check);
        return group;
    }
}
