using Downwatch.Domain.Catalog;
using Downwatch.Domain.Status;

namespace Downwatch.Status;

/// <summary>
/// The latest assessment of every service, held in memory for pages. Until the first evaluation it answers with
/// "not checked yet" assessments, never an invented status.
/// </summary>
public sealed class StatusBoard
{
    private volatile Dictionary<string, ServiceAssessment> _current;
    private readonly TimeProvider _time;
    private long _publishedAt;

    public StatusBoard(ServiceCatalog catalog, StatusEngine engine, TimeProvider time)
    {
        Catalog = catalog;
        _time = time;
        _current = Index(engine.AssessAll(catalog, Domain.Observations.SignalSet.Empty));
        _publishedAt = time.GetUtcNow().UtcTicks;
    }

    /// <summary>When assessments were last published (when the board was made, before the first round).</summary>
    public DateTimeOffset PublishedAt => new(Interlocked.Read(ref _publishedAt), TimeSpan.Zero);

    public ServiceCatalog Catalog { get; }

    public ServiceAssessment Get(string service) => _current[service];

    public ServiceAssessment? Find(string service) => _current.GetValueOrDefault(service);

    /// <summary>Grows each time new assessments (or what is stored with them) are published; caches and ETags key on it.</summary>
    public long Version => Interlocked.Read(ref _version);

    private long _version;

    /// <summary>Marks everything derived from the board out of date (the round's incidents and uptime are now stored).</summary>
    public void Republished() => Interlocked.Increment(ref _version);

    public void Update(IReadOnlyList<ServiceAssessment> assessments)
    {
        _current = Index(assessments);
        Interlocked.Exchange(ref _publishedAt, _time.GetUtcNow().UtcTicks);
        Interlocked.Increment(ref _version);
    }

    private static Dictionary<string, ServiceAssessment> Index(IEnumerable<ServiceAssessment> assessments) =>
        assessments.ToDictionary(a => a.Service, StringComparer.Ordinal);
}
