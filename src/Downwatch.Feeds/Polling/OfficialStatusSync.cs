using System.Collections.Concurrent;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;
using Downwatch.Feeds.Mapping;
using Downwatch.Feeds.Reading;
using Downwatch.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Downwatch.Feeds.Polling;

/// <summary>
/// Reads the vendors' feeds that are due and records what they say: vendor statuses as official observations,
/// vendor incidents, and each feed's state. A failed read (HTTP error, timeout, oversized or unreadable body) is logged,
/// keeps the last good body and validators, and backs the feed off; it never writes an observation.
/// </summary>
public sealed partial class OfficialStatusSync(
    ServiceCatalog catalog,
    FeedAdapters adapters,
    FeedFetcher fetcher,
    IObservationStore observations,
    IVendorIncidentStore incidents,
    IFeedStateStore states,
    IOptions<OfficialStatusOptions> options,
    TimeProvider time,
    ILogger<OfficialStatusSync> logger)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _next = new(StringComparer.Ordinal);
    private (IReadOnlyList<FeedSource> Sources, IReadOnlyList<string> Skipped)? _sources;

    public IReadOnlyList<FeedSource> Sources => (_sources ??= FeedSource.FromCatalog(catalog, adapters, options.Value)).Sources;

    public IReadOnlyList<string> SkippedSources => (_sources ??= FeedSource.FromCatalog(catalog, adapters, options.Value)).Skipped;

    /// <summary>Reads every feed whose next read is due; returns how many were read.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = Sources.Where(s => !_next.TryGetValue(s.Url, out var at) || at <= now).ToList();
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken },
            async (source, token) => await PollAsync(source, token));
        return due.Count;
    }

    /// <summary>When a feed is read next (null before its first read).</summary>
    public DateTimeOffset? NextReadOf(string url) => _next.TryGetValue(url, out var at) ? at : null;

    public async Task<FeedState> PollAsync(FeedSource source, CancellationToken cancellationToken)
    {
        var previous = await states.GetAsync(source.Url, cancellationToken) ?? new FeedState(source.Url);
        var now = time.GetUtcNow();
        try
        {
            var url = new Uri(source.Url);
            var fetched = await fetcher.FetchAsync(url, previous, cancellationToken);
            var body = fetched.NotModified ? previous.Body! : fetched.Body!;
            var contentType = fetched.NotModified ? previous.ContentType : fetched.ContentType;
            var read = adapters.Read(new FeedPayload(url, body, contentType), source.Platform);
            await RecordAsync(source, read, now, cancellationToken);
            var state = previous with
            {
                ETag = fetched.ETag, LastModified = fetched.LastModified, ContentType = contentType, Body = body, Format = read.Format,
                Summary = read.OverallText ?? (read.Overall is { } o ? VendorWords.Describe(o) : null),
                LastReadAt = now, LastAttemptAt = now, Failures = 0,
            };
            await states.SaveAsync(state, cancellationToken);
            _next[source.Url] = now + source.Interval;
            var open = read.Incidents.Count(i => i.IsOpen);
            LogRead(logger, source.Url, read.Format, fetched.NotModified, read.Components.Count, open);
            return state;
        }
        catch (Exception e) when (e is FeedFetchException or FeedFormatException or UriFormatException)
        {
            var failures = previous.Failures + 1;
            var state = previous with { LastAttemptAt = now, LastError = TextLimitsForState(e.Message), LastErrorAt = now, Failures = failures };
            await states.SaveAsync(state, cancellationToken);
            var delay = FeedBackoff.Delay(source.Interval, failures, options.Value.MaxBackoff);
            _next[source.Url] = now + delay;
            LogFailed(logger, source.Url, failures, e.Message, delay);
            return state;
        }
    }

    private async Task RecordAsync(FeedSource source, FeedRead read, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (read.Skipped.Count > 0)
        {
            var examples = string.Join("; ", read.Skipped.Take(5));
            LogSkipped(logger, source.Url, read.Skipped.Count, examples);
        }

        var official = new List<OfficialStatusObservation>();
        foreach (var service in source.Services)
        {
            var mapped = OfficialStatusMapping.Map(read, service, source.Url, now);
            official.AddRange(mapped.Observations);
            await incidents.SyncAsync(service.Slug, source.Url, mapped.Incidents, now, cancellationToken);
            foreach (var note in mapped.Notes)
            {
                LogMappingNote(logger, service.Slug, source.Url, note);
            }
        }

        await observations.AppendAsync(new SignalSet([], [], official, []), cancellationToken);
    }

    private static string TextLimitsForState(string message) => message.Length <= 2000 ? message : message[..2000];

    [LoggerMessage(Level = LogLevel.Debug, Message = "Read {Url} as {Format} (not modified: {NotModified}); {Components} components, {OpenIncidents} open incidents")]
    private static partial void LogRead(ILogger logger, string url, string format, bool notModified, int components, int openIncidents);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Official status feed {Url} could not be read (failure {Failures} in a row): {Reason}. The last good read is kept; next try in {Delay}")]
    private static partial void LogFailed(ILogger logger, string url, int failures, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Official status feed {Url}: {Count} item(s) left out of the read: {Examples}")]
    private static partial void LogSkipped(ILogger logger, string url, int count, string examples);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Official status of {Service} from {Url}: {Note}")]
    private static partial void LogMappingNote(ILogger logger, string service, string url, string note);
}
