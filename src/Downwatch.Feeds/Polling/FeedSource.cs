using Downwatch.Domain.Catalog;
using Downwatch.Feeds.Reading;

namespace Downwatch.Feeds.Polling;

/// <summary>One feed URL to read, the catalog platform it belongs to, and every service that names it.</summary>
public sealed record FeedSource(string Url, string Platform, IReadOnlyList<ServiceDefinition> Services, TimeSpan Interval)
{
    /// <summary>The catalog's feeds that some adapter reads, one per URL; the others are returned as skipped.</summary>
    public static (IReadOnlyList<FeedSource> Sources, IReadOnlyList<string> Skipped) FromCatalog(ServiceCatalog catalog, FeedAdapters adapters,
        OfficialStatusOptions options)
    {
        var sources = new List<FeedSource>();
        var skipped = new List<string>();
        foreach (var group in catalog.Services.Where(s => !string.IsNullOrWhiteSpace(s.StatusPage?.FeedUrl))
                     .GroupBy(s => s.StatusPage!.FeedUrl!, StringComparer.Ordinal))
        {
            var platform = group.First().StatusPage!.Format;
            if (!adapters.Serves(platform))
            {
                skipped.Add($"{group.Key} ({platform}: no adapter reads this format)");
                continue;
            }

            sources.Add(new FeedSource(group.Key, platform, [.. group], options.IntervalFor(group.Select(s => s.Slug))));
        }

        return (sources, skipped);
    }
}
