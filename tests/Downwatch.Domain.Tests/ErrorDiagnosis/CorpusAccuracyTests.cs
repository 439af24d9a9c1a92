using System.Text.Json;
using Downwatch.Domain.ErrorDiagnosis;
using Xunit.Abstractions;
using static Downwatch.Domain.Tests.ErrorDiagnosis.BundledKnowledge;

namespace Downwatch.Domain.Tests.ErrorDiagnosis;

/// <summary>
/// Accuracy on real error texts copied from public issue trackers and provider docs (corpus.jsonl). The floors are
/// the levels reached when the corpus was built (BENCHMARKS.md): a change that makes the classifier worse fails here.
/// </summary>
public class CorpusAccuracyTests(ITestOutputHelper output)
{
    private const double ErrorTypeFloor = 0.98;
    private const double ProviderFloor = 0.98;
    private const int MaxConfidentWrongErrorTypes = 2;
    private const int MaxConfidentWrongProviders = 1;

    public sealed record CorpusEntry(string Text, string? Provider, string ErrorType, int? HttpStatus, string Source);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<CorpusEntry> Corpus { get; } = File.ReadLines(CorpusFile)
        .Where(l => l.Length > 0)
        .Select(l => JsonSerializer.Deserialize<CorpusEntry>(l, Json)!)
        .ToList();

    [Fact]
    public void The_corpus_is_large_labelled_and_sourced()
    {
        Assert.True(Corpus.Count >= 150, $"{Corpus.Count} entries");
        Assert.All(Corpus, e =>
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Text));
            Assert.NotNull(BundledCatalog.FindError(e.ErrorType));
            Assert.True(e.Provider is null || BundledCatalog.FindService(e.Provider) is not null, e.Provider);
            Assert.StartsWith("https://", e.Source, StringComparison.Ordinal);
        });
        Assert.True(Corpus.Select(e => e.Provider).OfType<string>().Distinct().Count() >= 15);
        Assert.True(Corpus.Select(e => e.ErrorType).Distinct().Count() >= 12);
        Assert.True(Corpus.Count(e => e.Provider is { } p && BundledCatalog.FindService(p)!.Region == "China") >= 25);
    }

    [Fact]
    public void Accuracy_stays_at_the_level_reached()
    {
        int errorRight = 0, errorWrong = 0, providerLabelled = 0, providerRight = 0, providerWrong = 0, statusRight = 0, statusLabelled = 0;
        foreach (var entry in Corpus)
        {
            var result = Classifier.Diagnose(entry.Text);
            errorRight += result.ErrorType == entry.ErrorType ? 1 : 0;
            errorWrong += result.ErrorType is not null && result.ErrorType != entry.ErrorType ? 1 : 0;
            if (entry.Provider is not null)
            {
                providerLabelled++;
                providerRight += result.Provider == entry.Provider ? 1 : 0;
            }

            providerWrong += result.Provider is not null && result.Provider != entry.Provider ? 1 : 0;
            if (entry.HttpStatus is not null)
            {
                statusLabelled++;
                statusRight += result.HttpStatus == entry.HttpStatus ? 1 : 0;
            }

            if (result.ErrorType != entry.ErrorType || (entry.Provider is not null && result.Provider != entry.Provider))
            {
                output.WriteLine($"{entry.Source}: expected {entry.Provider}/{entry.ErrorType}, got {result.Provider}/{result.ErrorType}");
            }
        }

        var errorAccuracy = (double)errorRight / Corpus.Count;
        var providerAccuracy = (double)providerRight / providerLabelled;
        output.WriteLine($"error type {errorRight}/{Corpus.Count} = {errorAccuracy:P1}; provider {providerRight}/{providerLabelled} = {providerAccuracy:P1}; " +
            $"HTTP status {statusRight}/{statusLabelled}; confident but wrong: {errorWrong} error types, {providerWrong} providers");
        Assert.True(errorAccuracy >= ErrorTypeFloor, $"error-type accuracy {errorAccuracy:P1} fell below {ErrorTypeFloor:P0}");
        Assert.True(providerAccuracy >= ProviderFloor, $"provider accuracy {providerAccuracy:P1} fell below {ProviderFloor:P0}");
        Assert.True(errorWrong <= MaxConfidentWrongErrorTypes, $"{errorWrong} confident wrong error types");
        Assert.True(providerWrong <= MaxConfidentWrongProviders, $"{providerWrong} confident wrong providers");
        Assert.True(statusRight >= statusLabelled * 0.95, $"HTTP status {statusRight}/{statusLabelled}");
    }

    [Fact]
    public void Every_verdict_agrees_with_the_labelled_error_types_side()
    {
        foreach (var entry in Corpus)
        {
            var result = Classifier.Diagnose(entry.Text);
            if (result.ErrorType == entry.ErrorType)
            {
                Assert.Equal(VerdictVocabulary.FromSide(BundledCatalog.FindError(entry.ErrorType)!.Side), result.Verdict);
            }
        }
    }
}
