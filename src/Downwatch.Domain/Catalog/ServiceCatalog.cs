namespace Downwatch.Domain.Catalog;

/// <summary>The validated catalog: services, error types and gateways, with lookups by slug.</summary>
public sealed class ServiceCatalog
{
    private readonly Dictionary<string, ServiceDefinition> _services;
    private readonly Dictionary<string, ErrorType> _errors;

    public ServiceCatalog(IReadOnlyList<ServiceDefinition> services, IReadOnlyList<ErrorType> errors,
        IReadOnlyList<GatewayDefinition>? gateways = null)
    {
        Services = services;
        Errors = errors;
        Gateways = gateways ?? [];
        _services = services.ToDictionary(s => s.Slug, StringComparer.Ordinal);
        _errors = errors.ToDictionary(e => e.Slug, StringComparer.Ordinal);
    }

    public IReadOnlyList<ServiceDefinition> Services { get; }
    public IReadOnlyList<ErrorType> Errors { get; }

    /// <summary>Gateways and proxies whose wording shows an error was passed on from an upstream provider.</summary>
    public IReadOnlyList<GatewayDefinition> Gateways { get; }

    public ServiceDefinition? FindService(string slug) => _services.GetValueOrDefault(slug);
    public ErrorType? FindError(string slug) => _errors.GetValueOrDefault(slug);
}
