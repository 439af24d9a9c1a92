using System.Text.RegularExpressions;

namespace Downwatch.Domain.Inference;

/// <summary>
/// The fixed prompt every inference probe sends and the check of its answer. Counting gives a checkable answer that
/// is long enough (a dozen tokens or more) to measure tokens per second, and cheap: about 25 input and 30 output tokens.
/// </summary>
public static partial class ProbePrompt
{
    public const int CountTo = 12;

    public const string Text = "Count from 1 to 12, separated by single spaces. Reply with the numbers only.";

    /// <summary>Output tokens asked for at most: enough for the answer with room for a tokenizer that splits digits.</summary>
    public const int MaxTokens = 48;

    /// <summary>Tokens one probe is assumed to cost before the provider says (input and output), for budgets.</summary>
    public const int EstimatedTokens = 25 + MaxTokens;

    /// <summary>Null when the answer is right, else what is wrong with it (a sentence part).</summary>
    public static string? Judge(string content)
    {
        var numbers = Number().Matches(content).Select(m => m.Value).Take(CountTo + 1).ToList();
        var expected = Enumerable.Range(1, CountTo).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        if (numbers.Count >= CountTo && numbers.Take(CountTo).SequenceEqual(expected))
        {
            return null;
        }

        var shown = content.Length > 60 ? content[..60] + "…" : content;
        return $"expected the numbers 1 to {CountTo}, got \"{shown.ReplaceLineEndings(" ")}\"";
    }

    [GeneratedRegex("[0-9]+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Number();
}
