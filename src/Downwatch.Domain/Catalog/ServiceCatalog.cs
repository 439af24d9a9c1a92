namespace Downwatch.Domain.Catalog;

/// <summary>The validated catalog: services and error types, with lookups by slug.</summary>
public sealed class ServiceCatalog
{
    private readonly Dictionary<string, ServiceDefinition> _services;
    private readonly Dictionary<string, ErrorType> _errors;

    public ServiceCatalog(IReadOnlyList<ServiceDefinition> services, IReadOnlyList<ErrorType> errors)
    {
        Services = services;
        Errors = errors;
        _services = services.ToDictionary(s => s.Slug, StringComparer.Ordinal);
        _errors = errors.ToDictionary(e => e.Slug, StringComparer.Ordinal);
    }

    public IReadOnlyList<ServiceDefinition> Services { get; }
    public IReadOnlyList<ErrorType> Errors { get; }

    public ServiceDefinition? FindService(string slug) => _services.GetValueOrDefault(slug);
    public ErrorType? FindError(string slug) => _errors.GetValueOrDefault(slug);
}
