using Downwatch.Domain.Catalog;

namespace Downwatch.Catalog;

/// <summary>Checks of translations of the error guides.</summary>
internal static partial class CatalogValidator
{
    /// <summary>A translation says all that the original says: the same number of causes, fixes, prevention steps and
    /// questions, each filled in, and whether a person has reviewed it.</summary>
    private static void ValidateTranslation(Checks c, string at, ErrorType error, ErrorTypeTranslation zh)
    {
        if (zh.Review is not ("machine-assisted" or "reviewed"))
        {
            c.Add($"{at}.review", $"must be 'machine-assisted' or 'reviewed' (it is '{zh.Review}')");
        }

        c.Required(at, "title", zh.Title);
        c.Required(at, "summary", zh.Summary);
        c.Required(at, "description", zh.Description);
        foreach (var (field, original, translated) in new[]
        {
            ("causes", error.Causes, zh.Causes), ("fixes", error.Fixes, zh.Fixes), ("prevention", error.Prevention, zh.Prevention),
        })
        {
            if (translated.Count != original.Count)
            {
                c.Add($"{at}.{field}", $"has {translated.Count} entries where the original has {original.Count}: translate each one, in the same order");
            }
        }

        if (zh.Faq.Count != error.Faq.Count)
        {
            c.Add($"{at}.faq", $"has {zh.Faq.Count} questions where the original has {error.Faq.Count}: translate each one, in the same order");
        }

        for (var i = 0; i < zh.Faq.Count; i++)
        {
            c.Required($"{at}.faq[{i}]", "q", zh.Faq[i].Q);
            c.Required($"{at}.faq[{i}]", "a", zh.Faq[i].A);
        }
    }
}
