using System.Globalization;
using static Downwatch.Domain.Tests.ErrorDiagnosis.BundledKnowledge;

namespace Downwatch.Domain.Tests.ErrorDiagnosis;

/// <summary>
/// The corpus is real, labelled and sourced, and its split stays honest: most of it is for development, one thread's
/// texts are on one side, and no catalog phrase added after the split is found only in test texts (a phrase written
/// from a test text shows up here).
/// </summary>
public class CorpusSplitTests
{
    private static readonly HashSet<string> ChinaServices = BundledCatalog.Services
        .Where(s => s.Region == "China").Select(s => s.Slug).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void The_corpus_is_large_labelled_and_sourced()
    {
        var all = LabelledCorpus.All;
        Assert.True(all.Count >= 800, $"{all.Count} entries");
        Assert.All(all, e =>
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Text));
            Assert.NotNull(BundledCatalog.FindError(e.ErrorType));
            Assert.True(e.Provider is null || BundledCatalog.FindService(e.Provider) is not null, e.Provider);
            Assert.StartsWith("https://", e.Source, StringComparison.Ordinal);
            Assert.Contains(e.Split, new[] { LabelledCorpus.Dev, LabelledCorpus.Test });
        });
        Assert.Equal(all.Count, all.Select(e => e.Text).Distinct(StringComparer.Ordinal).Count());
        Assert.True(all.Select(e => e.Provider).OfType<string>().Distinct().Count() >= 15);
        Assert.True(all.Select(e => e.ErrorType).Distinct().Count() >= 15);
        Assert.True(all.Count(IsChinese) >= 200, $"{all.Count(IsChinese)} Chinese texts or texts from Chinese providers");
    }

    [Fact]
    public void At_least_sixty_percent_is_for_development_and_a_thread_stays_on_one_side()
    {
        var all = LabelledCorpus.All;
        var dev = all.Count(e => e.IsDev);
        Assert.True(dev >= all.Count * 0.6, $"{dev} of {all.Count} are dev");
        Assert.True(all.Count - dev >= 100, $"{all.Count - dev} test texts");
        foreach (var thread in all.GroupBy(e => e.Thread))
        {
            Assert.Single(thread.Select(e => e.Split).Distinct());
        }
    }

    [Fact]
    public void No_phrase_added_after_the_split_is_found_only_in_test_texts()
    {
        var before = File.ReadLines(Path.Combine(Path.GetDirectoryName(CorpusFile)!, "phrases-before-split.txt"))
            .Where(l => l.Length > 0 && l[0] != '#')
            .ToHashSet(StringComparer.Ordinal);
        var fromDocuments = FromDocuments().Select(d => $"{d.Kind}\t{d.Text}").ToHashSet(StringComparer.Ordinal);
        var phrases = CatalogPhrases()
            .Where(p => !before.Contains($"{p.Item1}\t{p.Text}") && !fromDocuments.Contains($"{p.Item1}\t{p.Text}"))
            .ToList();
        var dev = LabelledCorpus.Part(LabelledCorpus.Dev).Select(e => e.Text).ToList();
        var test = LabelledCorpus.Part(LabelledCorpus.Test).Select(e => e.Text).ToList();
        var onlyInTest = phrases
            .Where(p => test.Any(t => Contains(t, p.Text)) && !dev.Any(t => Contains(t, p.Text)))
            .Select(p => $"{p.Item1} \"{p.Text}\"")
            .ToList();
        Assert.True(onlyInTest.Count == 0, "written from test texts? " + string.Join(", ", onlyInTest));
    }

    [Fact]
    public void A_phrase_written_from_a_document_names_the_document_and_is_in_the_catalog()
    {
        var catalog = CatalogPhrases().Select(p => $"{p.Item1}\t{p.Text}").ToHashSet(StringComparer.Ordinal);
        Assert.All(FromDocuments(), d =>
        {
            Assert.StartsWith("https://", d.Source, StringComparison.Ordinal);
            Assert.Contains($"{d.Kind}\t{d.Text}", catalog);
        });
    }

    private static IEnumerable<(string Item1, string Text)> CatalogPhrases() =>
        BundledCatalog.Errors.SelectMany(e => e.Signatures).Select(s => ("signature", s.Text))
            .Concat(BundledCatalog.Services.SelectMany(s => s.Identifiers).Where(i => i.Kind != "shape").Select(i => ("identifier", i.Text)))
            .Concat(BundledCatalog.Gateways.SelectMany(g => g.Markers).Select(m => ("gateway", m)))
            .Distinct();

    /// <summary>
    /// Phrases written from a provider's (or gateway's) own documents rather than from corpus texts
    /// (phrases-from-documents.txt: kind, text and the document, tab-separated). They may appear in test texts: they
    /// were not written from them, and the document says where they came from.
    /// </summary>
    private static IEnumerable<(string Kind, string Text, string Source)> FromDocuments() =>
        File.ReadLines(Path.Combine(Path.GetDirectoryName(CorpusFile)!, "phrases-from-documents.txt"))
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.Split('\t'))
            .Select(f => (f[0], f[1], f.Length > 2 ? f[2] : ""));

    private static bool Contains(string text, string phrase) =>
        CultureInfo.InvariantCulture.CompareInfo.IndexOf(text, phrase, CompareOptions.OrdinalIgnoreCase) >= 0;

    private static bool IsChinese(CorpusEntry e) =>
        (e.Provider is { } p && ChinaServices.Contains(p)) || e.Text.Any(c => c is >= '\u4e00' and <= '\u9fff');
}
