using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Downwatch.Feeds.Polling;
using Downwatch.Feeds.Reading;
using Microsoft.Extensions.Options;

namespace Downwatch.Web.Cli;

/// <summary>
/// <c>downwatch feeds check &lt;url&gt; [--format name]</c>: fetches one feed as the poller would (same limits), detects its
/// format when none is named, and prints what the adapter reads as JSON — what an operator runs when adding a service.
/// </summary>
internal static class FeedsCheckCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static Command Build()
    {
        var url = new Argument<string>("url") { Description = "The feed's address (summary.json, history.rss, incidents.json, index.json, …)." };
        var format = new Option<string?>("--format") { Description = "Adapter to read it with: statuspage, incidentio, statuspage-history, rss, atom, google-cloud, betterstack, instatus." };
        var check = new Command("check", "Fetch one status feed and print what Downwatch reads from it, as JSON.");
        check.Arguments.Add(url);
        check.Options.Add(format);
        check.SetAction((result, token) => RunAsync(result.GetValue(url)!, result.GetValue(format), token));
        var group = new Command("feeds", "Work with vendors' official status feeds.");
        group.Subcommands.Add(check);
        return group;
    }

    private static async Task<int> RunAsync(string url, string? format, CancellationToken token)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            await Console.Error.WriteLineAsync($"feeds check: '{url}' is not an absolute http(s) URL");
            return 2;
        }

        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton(TimeProvider.System)
            .AddFeedFetching()
            .BuildServiceProvider();
        var adapters = services.GetRequiredService<FeedAdapters>();
        var adapter = format is null ? null : adapters.Named(format);
        if (format is not null && adapter is null)
        {
            await Console.Error.WriteLineAsync($"feeds check: unknown format '{format}'; known: {string.Join(", ", adapters.All.Select(a => a.Name))}");
            return 2;
        }

        try
        {
            var fetched = await services.GetRequiredService<FeedFetcher>().FetchAsync(uri, null, token);
            var payload = new FeedPayload(uri, fetched.Body ?? [], fetched.ContentType);
            var read = adapter is null ? adapters.Read(payload) : adapter.Read(payload);
            var node = JsonSerializer.SerializeToNode(read, read.GetType(), Json)!.AsObject();
            node.Insert(0, "source", url);
            node.Insert(1, "content_type", fetched.ContentType);
            node.Insert(2, "bytes", fetched.Body?.Length ?? 0);
            Console.WriteLine(node.ToJsonString(Json));
            return 0;
        }
        catch (Exception e) when (e is FeedFetchException or FeedFormatException or OptionsValidationException)
        {
            await Console.Error.WriteLineAsync($"feeds check: {url}: {e.Message}");
            return 2;
        }
    }
}
