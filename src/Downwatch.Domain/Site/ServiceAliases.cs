using Downwatch.Domain.Catalog;

namespace Downwatch.Domain.Site;

/// <summary>
/// The other names a service is known by, as they would be typed in an address: the catalog's <c>name</c> identifiers
/// made into slugs ("ERNIE" → <c>ernie</c>, "SenseChat" → <c>sensechat</c>). A name two services share is no alias of
/// either, and a name that is some service's own slug stays that service's.
/// </summary>
public sealed class ServiceAliases
{
    private readonly Dictionary<string, string> _slugs;

    public ServiceAliases(ServiceCatalog catalog)
    {
        var own = catalog.Services.Select(s => s.Slug).ToHashSet(StringComparer.Ordinal);
        _slugs = catalog.Services
            .SelectMany(s => s.Identifiers.Where(i => i.Kind == "name").Select(i => (Alias: Slugify(i.Text), s.Slug)))
            .Where(a => a.Alias.Length >= 2 && !own.Contains(a.Alias))
            .Distinct()
            .GroupBy(a => a.Alias, StringComparer.Ordinal)
            .Where(g => g.Count() == 1)
            .ToDictionary(g => g.Key, g => g.Single().Slug, StringComparer.Ordinal);
    }

    /// <summary>The slug of the service <paramref name="alias"/> names, or null.</summary>
    public string? Resolve(string alias) => _slugs.GetValueOrDefault(Slugify(alias));

    /// <summary>Lower case, letters and digits kept (any script), every run of anything else one hyphen.</summary>
    public static string Slugify(string text) => string.Join('-', Runs(text));

    /// <summary>The runs of letters and digits in <paramref name="text"/>, lower-cased (any script).</summary>
    internal static IEnumerable<string> Runs(string text)
    {
        var run = new System.Text.StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                run.Append(char.ToLowerInvariant(c));
            }
            else if (run.Length > 0)
            {
                yield return run.ToString();
                run.Clear();
            }
        }

        if (run.Length > 0)
        {
            yield return run.ToString();
        }
    }
}
