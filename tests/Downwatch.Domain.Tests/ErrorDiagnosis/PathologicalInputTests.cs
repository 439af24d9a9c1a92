using Downwatch.Domain.ErrorDiagnosis;
using static Downwatch.Domain.Tests.ErrorDiagnosis.BundledKnowledge;

namespace Downwatch.Domain.Tests.ErrorDiagnosis;

/// <summary>
/// Hostile pastes finish with a bounded answer and bounded memory. Work is linear by construction (no regular
/// expressions, an automaton with a hit cap, a reader without recursion); here the allocations are the measured bound.
/// Time is not asserted (see BENCHMARKS.md).
/// </summary>
public class PathologicalInputTests
{
    /// <summary>Far above what one message needs (a few KB), far below what an unbounded copy of 1 MB inputs costs.</summary>
    private const long AllocationBudget = 16L * 1024 * 1024;

    public static TheoryData<string, string> Hostile()
    {
        var random = new Random(7);
        var binary = new string([.. Enumerable.Range(0, 1 << 20).Select(_ => (char)random.Next(0, 0xFFFF))]);
        return new TheoryData<string, string>
        {
            { "1 MB paste of a real error repeated", string.Concat(Enumerable.Repeat("openai.RateLimitError: Error code: 429 - {'error': {'code': 'rate_limit_exceeded'}}\n", 12_000)) },
            { "deeply nested JSON", new string('{', 500_000) + "\"type\":\"error\"" + new string('}', 500_000) },
            { "nested lists of escaped quotes", string.Concat(Enumerable.Repeat("[\\\"", 300_000)) },
            { "binary garbage", binary },
            { "backtracking bait", new string('a', 500_000) + "!" },
            { "one phrase matched everywhere", string.Concat(Enumerable.Repeat("429 ", 250_000)) },
            { "an unterminated string", "{\"message\": \"" + new string('x', 900_000) },
            { "nothing but separators", new string(':', 1_000_000) },
        };
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_hostile_paste_gets_a_bounded_answer_within_the_memory_budget(string name, string text)
    {
        var classifier = Classifier; // built (and its catalog loaded) before measuring
        classifier.Diagnose("warm-up");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = classifier.Diagnose(text);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < AllocationBudget, $"{name}: {allocated:N0} bytes allocated");
        Assert.True(result.AnalysedChars <= ErrorClassifier.MaxAnalysedChars, name);
        Assert.Equal(text.Length > ErrorClassifier.MaxAnalysedChars, result.Truncated);
        Assert.True(result.ProviderCandidates.Count <= 5 && result.ErrorCandidates.Count <= 5, name);
    }

    [Fact]
    public void The_empty_and_null_texts_are_could_not_tell()
    {
        Assert.Equal(Verdict.CouldNotTell, Classifier.Diagnose("").Verdict);
        Assert.Equal(Verdict.CouldNotTell, Classifier.Diagnose(null).Verdict);
    }
}
