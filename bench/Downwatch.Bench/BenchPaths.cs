namespace Downwatch.Bench;

internal static class BenchPaths
{
    /// <summary>The repository's catalog/ folder, found upwards from the working directory.</summary>
    public static string Catalog
    {
        get
        {
            for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "catalog", "services.yaml")))
                {
                    return Path.Combine(dir.FullName, "catalog");
                }
            }

            throw new DirectoryNotFoundException("Run the benchmarks from inside the repository.");
        }
    }

    /// <summary>The labelled corpus of real error texts used by the diagnosis accuracy test.</summary>
    public static string Corpus =>
        Path.Combine(Path.GetDirectoryName(Catalog)!, "tests", "Downwatch.Domain.Tests", "ErrorDiagnosis", "corpus.jsonl");
}
