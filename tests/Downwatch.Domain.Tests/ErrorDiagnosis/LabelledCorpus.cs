using System.Text.Json;
using static Downwatch.Domain.Tests.ErrorDiagnosis.BundledKnowledge;

namespace Downwatch.Domain.Tests.ErrorDiagnosis;

/// <summary>One real error text of corpus.jsonl with its labels, its public source and its side of the split.</summary>
public sealed record CorpusEntry(string Text, string? Provider, string ErrorType, int? HttpStatus, string Source, string Split)
{
    /// <summary>The thread or page the text comes from: texts of one thread stay on one side of the split.</summary>
    public string Thread => Source.Split('#')[0].TrimEnd('/');

    public bool IsDev => Split == LabelledCorpus.Dev;
}

/// <summary>
/// The labelled corpus (corpus.jsonl). It is split once, by source thread, into a development part that knowledge may
/// be written from and a test part that no knowledge is written from (<see cref="CorpusSplitTests"/> keeps it so).
/// </summary>
internal static class LabelledCorpus
{
    public const string Dev = "dev";
    public const string Test = "test";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<CorpusEntry> All { get; } = File.ReadLines(CorpusFile)
        .Where(l => l.Length > 0)
        .Select(l => JsonSerializer.Deserialize<CorpusEntry>(l, Json)!)
        .ToList();

    public static IEnumerable<CorpusEntry> Part(string split) => All.Where(e => e.Split == split);
}
