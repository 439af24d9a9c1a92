using Downwatch.Domain.Catalog;
using Downwatch.Feeds.Reading;

namespace Downwatch.Feeds.Mapping;

/// <summary>
/// Which of our components a vendor component speaks for: the catalog's explicit <c>status_page.components</c>
/// mapping (by vendor id or exact name) when it has one, otherwise a name match (case, spaces and punctuation ignored,
/// a trailing "(host)" dropped) against our component's name or slug.
/// </summary>
public sealed class ComponentMatcher(ServiceDefinition service)
{
    private readonly Dictionary<string, string> _explicit = service.StatusPage?.Components ?? [];

    public bool IsExplicit => _explicit.Count > 0;

    /// <summary>Our component slug for a vendor component, or null when it speaks for none of ours.</summary>
    public string? Match(string? id, string name)
    {
        if (IsExplicit)
        {
            if (id is not null && _explicit.TryGetValue(id, out var byId))
            {
                return byId;
            }

            return _explicit.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        }

        var key = Normal(name);
        var bare = Normal(name.Split('(')[0]);
        return service.Components.FirstOrDefault(c => Normal(c.Name) is var n && (n == key || n == bare) || c.Slug.Replace("-", "", StringComparison.Ordinal) == key)?.Slug;
    }

    public string? Match(VendorComponentRef reference) => Match(reference.Id, reference.Name);

    /// <summary>Mapped vendor names that appear in a title ("Incident with Copilot"), for feeds whose items name no components.</summary>
    public IEnumerable<string> MentionedIn(string title) =>
        _explicit.Where(p => p.Key.Length >= 3 && title.Contains(p.Key, StringComparison.OrdinalIgnoreCase)).Select(p => p.Value).Distinct();

    /// <summary>Mapped vendor components the read does not list (renamed or removed on the vendor's page).</summary>
    public IEnumerable<string> Missing(FeedRead read) =>
        _explicit.Keys.Where(k => !read.Components.Any(c => c.Id == k || string.Equals(c.Name, k, StringComparison.OrdinalIgnoreCase)));

    private static string Normal(string text) => new([.. text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);
}
