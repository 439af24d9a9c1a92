using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Downwatch.Catalog;
using Downwatch.Domain.ErrorDiagnosis;

namespace Downwatch.Bench;

/// <summary>
/// <c>downwatch diagnose</c> on typical pasted errors: the first <see cref="Messages"/> texts of the labelled corpus
/// (SDK exceptions, JSON bodies, log lines, stack traces; median about 300 characters). Baseline: one case-insensitive
/// <see cref="string.IndexOf(string, StringComparison)"/> for a single signature over the same texts — the least a
/// classifier must do. Times are per message (OperationsPerInvoke). Min and median are shown beside the mean because
/// the benchmark machine is shared: the fastest iterations are the ones least disturbed by other work.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class DiagnosisBenchmarks
{
    private const int Messages = 150;
    private string[] _texts = [];
    private ErrorClassifier _classifier = default!;

    [GlobalSetup]
    public void Setup()
    {
        _classifier = new ErrorClassifier(CatalogLoader.LoadDirectory(BenchPaths.Catalog));
        _texts = [.. File.ReadLines(BenchPaths.Corpus).Take(Messages).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!)];
        var lengths = _texts.Select(t => t.Length).Order().ToList();
        Console.WriteLine($"// {_texts.Length} messages, median {lengths[lengths.Count / 2]} chars, longest {lengths[^1]} chars");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public int IndexOfOneSignature()
    {
        var found = 0;
        foreach (var text in _texts)
        {
            found += text.Contains("rate limit", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public int Diagnose()
    {
        var answered = 0;
        foreach (var text in _texts)
        {
            answered += _classifier.Diagnose(text).ErrorType is null ? 0 : 1;
        }

        return answered;
    }
}
