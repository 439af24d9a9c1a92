using Downwatch.Feeds.BetterStack;
using Downwatch.Feeds.GoogleCloud;
using Downwatch.Feeds.IncidentIo;
using Downwatch.Feeds.Instatus;
using Downwatch.Feeds.Statuspage;
using Downwatch.Feeds.Syndication;
using Microsoft.Extensions.DependencyInjection;

namespace Downwatch.Feeds.Reading;

/// <summary>Every registered adapter, found by name, by catalog platform, or by how surely it recognises a body.</summary>
public sealed class FeedAdapters(IEnumerable<IFeedAdapter> adapters)
{
    public IReadOnlyList<IFeedAdapter> All { get; } = [.. adapters];

    public IFeedAdapter? Named(string name) => All.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether some adapter reads feeds of this catalog platform.</summary>
    public bool Serves(string platform) => All.Any(a => a.Platforms.Contains(platform, StringComparer.Ordinal));

    /// <summary>Reads a body with the adapter that recognises it best among those for <paramref name="platform"/> (all when null).</summary>
    public FeedRead Read(FeedPayload payload, string? platform = null)
    {
        var candidates = platform is null ? All : All.Where(a => a.Platforms.Contains(platform, StringComparer.Ordinal)).ToList();
        if (candidates.Count == 0)
        {
            throw new FeedFormatException(platform is null ? "no feed adapter is registered" : $"no adapter reads '{platform}' status pages");
        }

        var best = candidates.Select(a => (Adapter: a, Score: a.Recognize(payload))).OrderByDescending(x => x.Score).First();
        if (best.Score > 0)
        {
            return best.Adapter.Read(payload);
        }

        if (platform is not null)
        {
            // Let the platform's main adapter say precisely what is wrong (HTML page, content type, truncated JSON, …).
            return candidates[0].Read(payload);
        }

        throw new FeedFormatException(payload.LooksLikeHtml
            ? $"the server sent an HTML page (content type '{payload.ContentType ?? "none"}'), not a status feed"
            : $"no adapter recognises this body (content type '{payload.ContentType ?? "none"}', starts with '{payload.FirstChar}'); name one with --format");
    }
}

public static class FeedAdapterServiceCollectionExtensions
{
    /// <summary>Every status-page adapter Downwatch has, and the set that picks among them.</summary>
    public static IServiceCollection AddFeedAdapters(this IServiceCollection services)
    {
        services.AddStatuspage().AddIncidentIo().AddStatuspageHistory().AddRss().AddAzureRss().AddAtom().AddGoogleCloud().AddBetterStack().AddInstatus();
        services.AddSingleton<FeedAdapters>();
        return services;
    }
}
