using Downwatch.Domain.Catalog;
using Downwatch.Domain.Status;

namespace Downwatch.Web.Status;

/// <summary>
/// The latest assessment of every service, held in memory for pages. Until the first evaluation it answers with
/// "not checked yet" assessments, never an invented status.
/// </summary>
public sealed class StatusBoard
{
    private volatile Dictionary<string, ServiceAssessment> _current;

    public StatusBoard(ServiceCatalog catalog, StatusEngine engine)
    {
        Catalog = catalog;
        _current = Index(engine.AssessAll(catalog, Domain.Observations.SignalSet.Empty));
    }

    public ServiceCatalog Catalog { get; }

    public ServiceAssessment Get(string service) => _current[service];

    public ServiceAssessment? Find(string service) => _current.GetValueOrDefault(service);

    /// <summary>Grows by one each time new assessments are published; caches and ETags key on it.</summary>
    public long Version { get; private set; }

    public void Update(IReadOnlyList<ServiceAssessment> assessments)
    {
        _current = Index(assessments);
        Version++;
    }

    private static Dictionary<string, ServiceAssessment> Index(IEnumerable<ServiceAssessment> assessments) =>
        assessments.ToDictionary(a => a.Service, StringComparer.Ordinal);
}
