using Downwatch.Domain.Catalog;

namespace Downwatch.Domain.Site;

/// <summary>A page offered on the 404 page: its title and its address, and the service or the error it is about.</summary>
public sealed record PageSuggestion(string Title, string Path)
{
    public ServiceDefinition? Service { get; init; }

    public ErrorType? Error { get; init; }
}

/// <summary>
/// What a visitor who typed or followed an address that names nothing most likely meant: the services and errors
/// whose slug, name or company share words with the address ("/status/ernie" → Baidu ERNIE Bot), allowing a typo
/// of one letter in four.
/// </summary>
public static class PageSuggestions
{
    /// <summary>Words of an address that say which kind of page, not which service or error.</summary>
    private static readonly HashSet<string> RouteWords = new(StringComparer.Ordinal) { "status", "errors", "error", "is", "down", "www", "html", "php", "zh", "cn" };

    public static IReadOnlyList<PageSuggestion> For(ServiceCatalog catalog, string path, int max = 5)
    {
        var words = Words(Uri.UnescapeDataString(path)).Where(w => !RouteWords.Contains(w)).Distinct().ToList();
        if (words.Count == 0)
        {
            return [];
        }

        var services = catalog.Services
            .Select(s => (Score: Score(words, Words(s.Slug).Concat(Words(s.Name)).Concat(Words(s.Company))
                .Concat(s.Identifiers.Where(i => i.Kind == "name").SelectMany(i => Words(i.Text)))), Page: new PageSuggestion(s.Name, $"/status/{s.Slug}") { Service = s }));
        var errors = catalog.Errors
            .Select(e => (Score: Score(words, Words(e.Slug).Concat(Words(e.Title))), Page: new PageSuggestion(e.Title, $"/errors/{e.Slug}") { Error = e }));
        return services.Concat(errors)
            .Where(c => c.Score > 0)
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Page.Path.Length) // on a tie the one with the fewest other words: "openai" before "azure-openai"
            .ThenBy(c => c.Page.Path, StringComparer.Ordinal)
            .Take(max)
            .Select(c => c.Page)
            .ToList();
    }

    /// <summary>Lower-case words of at least two letters or digits; every letter of a script without spaces between
    /// words (文心一言) stays in one word.</summary>
    private static IEnumerable<string> Words(string text) => ServiceAliases.Runs(text).Where(w => w.Length >= 2);

    /// <summary>2 for each asked word the candidate has exactly, 1 for one it has with a typo, as a prefix, or (in a
    /// script written without spaces) inside a longer word.</summary>
    private static int Score(IReadOnlyList<string> asked, IEnumerable<string> candidate)
    {
        var have = candidate.Distinct().ToList();
        var score = 0;
        foreach (var word in asked)
        {
            if (have.Contains(word))
            {
                score += 2;
            }
            else if (have.Any(h => (word.Length >= 3 && h.StartsWith(word, StringComparison.Ordinal))
                || (h.Length >= 2 && !h.All(char.IsAscii) && word.Contains(h, StringComparison.Ordinal)) // 商汤科技 has 商汤
                || (word.Length >= 4 && Math.Abs(h.Length - word.Length) <= word.Length / 4 && Quickenshtein.Levenshtein.GetDistance(word, h) <= word.Length / 4)))
            {
                score += 1;
            }
        }

        return score;
    }
}
