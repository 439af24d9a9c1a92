using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Downwatch.Catalog;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Inference;
using Downwatch.Probing;
using Downwatch.Storage;
using Downwatch.Web.Hosting;

namespace Downwatch.Web.Cli;

/// <summary>
/// <c>downwatch keys provider add|list|revoke</c>: provider API keys for inference probes, against the configured database.
/// The key is read from standard input (never from the command line, where process lists and shell history would keep
/// it), stored encrypted, and never printed again.
/// </summary>
internal static partial class ProviderKeyCommands
{
    private const int MaxSecretLength = 1024;

    public static Command Provider(Option<string?> catalog)
    {
        var name = new Argument<string>("name") { Description = "Key name (lower-case letters, digits, dashes; up to 64)." };
        var service = new Option<string>("--service") { Description = "Catalog service the key is for (one with inference), e.g. anthropic.", Required = true };
        var models = new Option<string?>("--models") { Description = "Comma-separated models to ask (default: the catalog's models of the service)." };
        var locations = new Option<string?>("--locations") { Description = "Comma-separated probe locations that may use the key (default: every location)." };
        var requests = new Option<int?>("--requests-per-day") { Description = "Most requests a UTC day (default: one per model every 5 minutes)." };
        var tokens = new Option<long?>("--tokens-per-day") { Description = "Most tokens (input and output) a UTC day (default: 100 per request)." };
        var baseUrl = new Option<string?>("--base-url") { Description = "API base URL when not the catalog's (a proxy or regional endpoint)." };
        var add = new Command("add", "Add a provider key (or replace the key of that name); the key is read from standard input and stored encrypted.");
        add.Arguments.Add(name);
        foreach (var option in new Option[] { service, models, locations, requests, tokens, baseUrl, catalog })
        {
            add.Options.Add(option);
        }

        add.SetAction((result, ct) => AddAsync(result, new AddOptions(name, service, models, locations, requests, tokens, baseUrl, catalog), ct));

        var revoke = new Command("revoke", "Revoke a provider key: it is not used from the next reload on (within a minute).");
        revoke.Arguments.Add(name);
        revoke.SetAction((result, ct) => WithStorage(result, async (services, now) =>
        {
            var done = await services.GetRequiredService<IProviderKeyStore>().RevokeAsync(result.GetValue(name)!, now, ct);
            Console.WriteLine(done ? "revoked" : "no active provider key of that name");
            return done ? 0 : 1;
        }));

        var list = new Command("list", "List provider keys: service, models, locations, budget and today's spend (never the keys).");
        list.SetAction((result, ct) => WithStorage(result, async (services, now) =>
        {
            var store = services.GetRequiredService<IProviderKeyStore>();
            var spend = (await store.SpendAsync(DateOnly.FromDateTime(now.UtcDateTime), ct)).ToDictionary(s => s.Name, StringComparer.Ordinal);
            foreach (var k in await store.ListAsync(ct))
            {
                var spent = spend.GetValueOrDefault(k.Name);
                Console.WriteLine(string.Join('\t',
                    k.Name, k.Service,
                    k.Models.Count == 0 ? "catalog models" : string.Join(',', k.Models),
                    k.Locations.Count == 0 ? "every location" : string.Join(',', k.Locations),
                    $"budget {Count(k.RequestsPerDay)} requests, {Count(k.TokensPerDay)} tokens a day",
                    $"spent today {Count(spent?.Requests ?? 0)} requests, {Count(spent?.Tokens ?? 0)} tokens",
                    k.RevokedAt is { } r ? $"revoked {r:u}" : "active"));
            }

            return 0;
        }));

        var group = new Command("provider", "Manage provider API keys that inference probes use (streamed generations of the models).");
        foreach (var command in new[] { add, revoke, list })
        {
            command.TreatUnmatchedTokensAsErrors = false;
            group.Subcommands.Add(command);
        }

        return group;
    }

    private sealed record AddOptions(Argument<string> Name, Option<string> Service, Option<string?> Models, Option<string?> Locations,
        Option<int?> Requests, Option<long?> Tokens, Option<string?> BaseUrl, Option<string?> Catalog);

    private static async Task<int> AddAsync(ParseResult result, AddOptions o, CancellationToken ct)
    {
        var name = result.GetValue(o.Name)!;
        if (!NamePattern().IsMatch(name))
        {
            return await Fail($"'{name}' is not a valid key name (lower-case letters, digits and dashes, up to 64).");
        }

        ServiceCatalog catalog;
        try
        {
            catalog = CatalogLoader.LoadDirectory(result.GetValue(o.Catalog) ?? CatalogOptions.BundledDirectory);
        }
        catch (CatalogException e)
        {
            return await Fail(e.Message);
        }

        var slug = result.GetValue(o.Service)!;
        if (catalog.FindService(slug) is not { Inference: { } inference })
        {
            var known = string.Join(", ", catalog.Services.Where(s => s.Inference is not null).Select(s => s.Slug));
            return await Fail($"--service: '{slug}' is not a catalog service Downwatch can ask for a generation (those are: {known}).");
        }

        var models = List(result.GetValue(o.Models));
        if (models.FirstOrDefault(m => m.Length > 128 || m.Any(char.IsControl)) is { } badModel)
        {
            return await Fail($"--models: '{badModel}' is not a model name (up to 128 characters, no spaces).");
        }

        var locations = List(result.GetValue(o.Locations));
        if (locations.FirstOrDefault(l => !Regex.IsMatch(l, ProbingOptions.LocationPattern)) is { } badLocation)
        {
            return await Fail($"--locations: '{badLocation}' is not a location name (lower-case letters, digits and dashes).");
        }

        var probed = models.Count > 0 ? models.Count : inference.Models.Count;
        var requests = result.GetValue(o.Requests) ?? Math.Max(1, probed) * 288;
        var tokens = result.GetValue(o.Tokens) ?? requests * 100L;
        if (requests is < 1 or > 1_000_000)
        {
            return await Fail("--requests-per-day must be between 1 and 1000000.");
        }

        if (tokens < ProbePrompt.EstimatedTokens || tokens > 1_000_000_000)
        {
            return await Fail($"--tokens-per-day must be between {ProbePrompt.EstimatedTokens} (one probe) and 1000000000.");
        }

        var baseUrl = result.GetValue(o.BaseUrl)?.TrimEnd('/');
        if (baseUrl is not null && !(Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && string.IsNullOrEmpty(uri.Query)))
        {
            return await Fail($"--base-url: '{baseUrl}' is not an http(s) address without a query.");
        }

        var secret = await ReadSecretAsync();
        if (secret.Length == 0 || secret.Length > MaxSecretLength || secret.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return await Fail($"No key read: give the key on standard input, one line of up to {MaxSecretLength} characters without spaces "
                + "(for example: printenv ANTHROPIC_API_KEY | downwatch keys provider add …).");
        }

        return await WithStorage(result, async (services, now) =>
        {
            await services.GetRequiredService<ProviderKeyVault>().AddAsync(name, slug, secret, models, locations, requests, tokens, now, baseUrl, ct);
            var every = Math.Max(5, 24 * 60 * probed / Math.Max(1, Math.Min(requests, tokens / ProbePrompt.EstimatedTokens)));
            Console.WriteLine($"added provider key {name} for {slug}: models {(models.Count > 0 ? string.Join(", ", models) : string.Join(", ", inference.Models) + " (the catalog's)")}; "
                + $"{(locations.Count == 0 ? "every location" : "locations " + string.Join(", ", locations))}; budget {Count(requests)} requests and {Count(tokens)} tokens a day "
                + $"(each model about every {every} min); stored encrypted");
            return 0;
        });
    }

    private static async Task<string> ReadSecretAsync()
    {
        if (Console.IsInputRedirected)
        {
            var buffer = new char[MaxSecretLength + 2];
            var read = await Console.In.ReadBlockAsync(buffer.AsMemory());
            var text = new string(buffer, 0, read);
            var line = text.Split('\n')[0].TrimEnd('\r');
            return line.Trim().Length == line.Length ? line : line.Trim();
        }

        await Console.Error.WriteAsync("Paste the key and press Enter (it is not shown): ");
        var typed = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace && typed.Length > 0)
            {
                typed.Length--;
            }
            else if (!char.IsControl(key.KeyChar) && typed.Length <= MaxSecretLength)
            {
                typed.Append(key.KeyChar);
            }
        }

        await Console.Error.WriteLineAsync();
        return typed.ToString();
    }

    private static List<string> List(string? text) =>
        text is null ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();

    private static string Count(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    private static async Task<int> Fail(string message)
    {
        await Console.Error.WriteLineAsync(message);
        return 2;
    }

    private static async Task<int> WithStorage(ParseResult result, Func<IServiceProvider, DateTimeOffset, Task<int>> action)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [.. result.UnmatchedTokens], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddDownwatchStorage(builder.Configuration);
        using var host = builder.Build();
        try
        {
            host.Services.GetRequiredService<DatabaseMigrator>().MigrateUp();
        }
        catch (StorageUnavailableException e)
        {
            return await Fail(e.Message);
        }

        return await action(host.Services, TimeProvider.System.GetUtcNow());
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex NamePattern();
}
