using Downwatch.Domain.Catalog;
using Downwatch.Domain.Operators;

namespace Downwatch.Web.Admin;

/// <summary>The console's service and component pickers: a value is <c>service</c> (the whole service) or
/// <c>service/component</c>; several chosen at once must belong to one service.</summary>
internal static class ConsoleTargets
{
    public static string Value(ServiceDefinition service, ComponentDefinition? component = null) =>
        component is null ? service.Slug : $"{service.Slug}/{component.Slug}";

    /// <summary>Exactly one component (overrides and silences).</summary>
    public static (ServiceDefinition? Service, string Component) One(List<InputProblem> problems, ServiceCatalog catalog, IReadOnlyList<string> values)
    {
        if (values.Count != 1 || !values[0].Contains('/', StringComparison.Ordinal))
        {
            problems.Add(new("target", "Choose one component."));
            return (null, "");
        }

        var (service, _) = Parse(problems, catalog, values, atLeastOneComponent: true);
        return (service, values[0].Split('/', 2)[1]);
    }

    public static (ServiceDefinition? Service, IReadOnlyList<string> Components) Parse(List<InputProblem> problems, ServiceCatalog catalog,
        IReadOnlyList<string> values, bool atLeastOneComponent)
    {
        if (values.Count == 0)
        {
            problems.Add(new("target", atLeastOneComponent ? "Choose a component." : "Choose a service or some of its components."));
            return (null, []);
        }

        var services = values.Select(v => v.Split('/', 2)[0]).Distinct(StringComparer.Ordinal).ToList();
        if (services.Count > 1)
        {
            problems.Add(new("target", "Choose components of one service only (one incident or window per service)."));
            return (null, []);
        }

        var components = values.Where(v => v.Contains('/', StringComparison.Ordinal)).Select(v => v.Split('/', 2)[1]).Distinct(StringComparer.Ordinal).ToList();
        var wholeService = values.Any(v => !v.Contains('/', StringComparison.Ordinal));
        var service = OperatorInput.Components(problems, catalog, services[0], components, atLeastOneComponent);
        if (service is null)
        {
            return (null, []);
        }

        // The whole service chosen, or every component: an empty list means "all of it".
        return (service, wholeService || service.Components.All(c => components.Contains(c.Slug)) ? [] : components);
    }
}
