using System.Text.Json;
using System.Threading.Channels;
using Downwatch.Domain.Status;
using Downwatch.Status;

namespace Downwatch.Web.LiveUpdates;

/// <summary>One Server-Sent Event, already formatted (<c>id</c>, <c>event</c>, <c>data</c> lines).</summary>
internal sealed record LiveEvent(long Id, string Service, string Text);

/// <summary>
/// Fans status changes and incident updates out to every open event stream. Each stream has a small bounded queue;
/// a reader that falls behind loses its oldest events (and can catch up from the page), never slows the status
/// loop or other readers. The last <see cref="ReplayEvents"/> events are kept so a reconnecting reader that sends
/// Last-Event-ID misses nothing that is still held.
/// </summary>
internal sealed partial class LiveUpdateHub(Domain.Catalog.ServiceCatalog catalog, ILogger<LiveUpdateHub> log) : IStatusChangeListener
{
    public const int ReplayEvents = 256;
    public const int QueuePerReader = 64;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private readonly Lock _gate = new();
    private readonly LinkedList<LiveEvent> _recent = new();
    private readonly HashSet<Reader> _readers = [];
    private long _nextId;

    public int Readers
    {
        get
        {
            lock (_gate)
            {
                return _readers.Count;
            }
        }
    }

    /// <summary>Opens a stream of events for the given services (all when empty), starting after <paramref name="lastEventId"/>.</summary>
    public Reader Open(IReadOnlySet<string> services, long? lastEventId)
    {
        var reader = new Reader(this, services);
        lock (_gate)
        {
            if (lastEventId is { } last)
            {
                foreach (var e in _recent.Where(e => e.Id > last))
                {
                    reader.Offer(e);
                }
            }

            _readers.Add(reader);
        }

        return reader;
    }

    public ValueTask OnChangesAsync(RoundChanges changes, CancellationToken cancellationToken)
    {
        var events = new List<LiveEvent>();
        foreach (var s in changes.Statuses)
        {
            events.Add(Format(s.Service, "status", new
            {
                s.Service, ServiceName = catalog.FindService(s.Service)?.Name ?? s.Service, s.Component, Before = s.Before, Status = s.After, Token = s.After.Token(), Title = s.After.Title(),
                s.Diagnosis, s.Confidence, s.At, s.Summary,
            }));
        }

        foreach (var i in changes.Incidents)
        {
            events.Add(Format(i.Service, "incident", new
            {
                i.Id, i.Service, i.Title, i.Phase, Open = i.IsOpen, i.WorstStatus, i.StartedAt, i.ResolvedAt,
                Latest = i.Updates.Count > 0 ? i.Updates[^1].Text : null, Page = $"/status/{i.Service}",
            }));
        }

        lock (_gate)
        {
            foreach (var e in events)
            {
                _recent.AddLast(e);
                if (_recent.Count > ReplayEvents)
                {
                    _recent.RemoveFirst();
                }

                foreach (var reader in _readers)
                {
                    reader.Offer(e);
                }
            }
        }

        LogPublished(log, events.Count);
        return ValueTask.CompletedTask;
    }

    private LiveEvent Format(string service, string kind, object data)
    {
        var id = Interlocked.Increment(ref _nextId);
        return new LiveEvent(id, service, $"id: {id}\nevent: {kind}\ndata: {JsonSerializer.Serialize(data, Json)}\n\n");
    }

    private void Close(Reader reader)
    {
        lock (_gate)
        {
            _readers.Remove(reader);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Published {Count} live events")]
    private static partial void LogPublished(ILogger logger, int count);

    /// <summary>One open event stream.</summary>
    public sealed class Reader(LiveUpdateHub hub, IReadOnlySet<string> services) : IDisposable
    {
        private readonly Channel<LiveEvent> _queue = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(QueuePerReader)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });

        public ChannelReader<LiveEvent> Events => _queue.Reader;

        internal void Offer(LiveEvent e)
        {
            if (services.Count == 0 || services.Contains(e.Service))
            {
                _queue.Writer.TryWrite(e);
            }
        }

        public void Dispose()
        {
            hub.Close(this);
            _queue.Writer.TryComplete();
        }
    }
}
