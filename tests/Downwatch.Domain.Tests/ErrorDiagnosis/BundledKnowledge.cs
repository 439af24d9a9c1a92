using Downwatch.Catalog;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.ErrorDiagnosis;

namespace Downwatch.Domain.Tests.ErrorDiagnosis;

/// <summary>The catalog that ships with Downwatch, its classifier, and the labelled corpus, found above the test directory.</summary>
internal static class BundledKnowledge
{
    public static readonly ServiceCatalog BundledCatalog = CatalogLoader.LoadDirectory(Find("catalog"));
    public static readonly ErrorClassifier Classifier = new(BundledCatalog);

    public static string CorpusFile => Path.Combine(Find(Path.Combine("tests", "Downwatch.Domain.Tests", "ErrorDiagnosis")), "corpus.jsonl");

    private static string Find(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"{relative} not found above the test directory");
    }
}
