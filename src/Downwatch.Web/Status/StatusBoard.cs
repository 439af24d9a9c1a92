using Downwatch.Domain.Catalog;
using Downwatch.Domain.Status;

namespace Downwatch.Web.Status;

/// <summary>
/// The latest assessment of every service, held in memory for pages. Until the first evaluation it answers with
/// "not checked yet" assessments, never an invented status.
/// </summary>
public sealed class StatusBoard
{
    private volatile IReadOnlyDictionary<string, ServiceAssessment> _current;

    public StatusBoard(ServiceCatalog catalog, StatusEngine engine)
    {
        Catalog = catalog;
        _current = Index(engine.AssessAll(catalog, Domain.Observations.SignalSet.Empty));
    }

    public ServiceCatalog Catalog { get; }

    /// <summary>Raised after each update with the services whose status changed.</summary>
    public event Action<IReadOnlyList<ServiceAssessment>>? Changed;

    public ServiceAssessment Get(string service) => _current[service];

    public IReadOnlyCollection<ServiceAssessment> All => (IReadOnlyCollection<ServiceAssessment>)_current.Values;

    public void Update(IReadOnlyList<ServiceAssessment> assessments)
    {
        var before = _current;
        _current = Index(assessments);
        var changed = assessments.Where(a => !before.TryGetValue(a.Service, out var b) || b.Status != a.Status).ToList();
        if (changed.Count > 0)
        {
            Changed?.Invoke(changed);
        }
    }

    private static Dictionary<string, ServiceAssessment> Index(IEnumerable<ServiceAssessment> assessments) =>
        assessments.ToDictionary(a => a.Service, StringComparer.Ordinal);
}
