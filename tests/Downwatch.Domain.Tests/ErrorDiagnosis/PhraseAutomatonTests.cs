using Downwatch.Domain.ErrorDiagnosis;

namespace Downwatch.Domain.Tests.ErrorDiagnosis;

public class PhraseAutomatonTests
{
    private static List<(string Phrase, int End)> Scan(string[] phrases, string text)
    {
        var hits = new List<PhraseHit>();
        new PhraseAutomaton(phrases).Scan(text, hits, 100);
        return [.. hits.Select(h => (phrases[h.Phrase], h.End))];
    }

    [Fact]
    public void Finds_overlapping_and_nested_phrases_ignoring_ascii_case()
    {
        var hits = Scan(["rate limit", "limit reached", "RATE LIMIT REACHED FOR"], "Rate Limit Reached for gpt-4");
        Assert.Contains(("rate limit", 10), hits);
        Assert.Contains(("limit reached", 18), hits);
        Assert.Contains(("RATE LIMIT REACHED FOR", 22), hits);
    }

    [Fact]
    public void Finds_chinese_phrases_after_a_failed_partial_match()
    {
        var hits = Scan(["余额不足", "余额查询"], "错误：余额余额不足或无可用资源包");
        Assert.Equal([("余额不足", 9)], hits);
    }

    [Fact]
    public void Stops_at_the_hit_limit()
    {
        var hits = new List<PhraseHit>();
        new PhraseAutomaton(["a"]).Scan(new string('a', 10_000), hits, 50);
        Assert.Equal(50, hits.Count);
    }
}
