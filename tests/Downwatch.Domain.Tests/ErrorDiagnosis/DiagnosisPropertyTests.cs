using Downwatch.Domain.ErrorDiagnosis;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Downwatch.Domain.Tests.ErrorDiagnosis.BundledKnowledge;

namespace Downwatch.Domain.Tests.ErrorDiagnosis;

/// <summary>Whatever is pasted, the answer is well-formed: no exception, bounded, and only catalog slugs.</summary>
public class DiagnosisPropertyTests
{
    private static readonly string[] Pieces =
    [
        "{", "}", "[", "]", "\"", "'", "\\\"", ":", "=", ",", " ", "\n", "error", "code", "message", "type", "429", "401", "503",
        "invalid_api_key", "Overloaded", "api.openai.com", "sk-ant-", "余额不足", "error_code", "base_resp", "header", "sid",
        "An error occurred (", "operation", "model `", "req_", "retry after ", "\0", "\uFFFF", "\uD800", "💥",
    ];

    private static Gen<string> Pasted =>
        Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""),
            Gen.Elements(Pieces).ListOf().Select(l => string.Concat(l)),
            Gen.Elements(LabelledCorpus.All.Select(e => e.Text).ToArray())
                .SelectMany(t => Gen.Choose(0, t.Length).Select(cut => t[..cut])));

    [Property(MaxTest = 300)]
    public Property Never_throws_and_answers_only_with_catalog_slugs() =>
        Prop.ForAll(Pasted.ToArbitrary(), text =>
        {
            var result = Classifier.Diagnose(text);
            return (result.Provider is null || BundledCatalog.FindService(result.Provider) is not null)
                && (result.ErrorType is null || BundledCatalog.FindError(result.ErrorType) is not null)
                && result.ProviderCandidates.All(c => BundledCatalog.FindService(c.Slug) is not null)
                && result.ErrorCandidates.All(c => BundledCatalog.FindError(c.Slug) is not null)
                && result.ProviderCandidates.Count <= 5 && result.ErrorCandidates.Count <= 5
                && result.AnalysedChars <= ErrorClassifier.MaxAnalysedChars
                && result.TotalChars == text.Length;
        });

    [Property(MaxTest = 100)]
    public Property An_answer_is_always_the_best_candidate() =>
        Prop.ForAll(Pasted.ToArbitrary(), text =>
        {
            var result = Classifier.Diagnose(text);
            return (result.Provider is null || result.ProviderCandidates[0].Slug == result.Provider)
                && (result.ErrorType is null || result.ErrorCandidates[0].Slug == result.ErrorType);
        });

    [Property(MaxTest = 100)]
    public Property Diagnosing_twice_gives_the_same_answer() =>
        Prop.ForAll(Pasted.ToArbitrary(), text =>
        {
            var first = Classifier.Diagnose(text);
            var second = Classifier.Diagnose(text);
            return first.Provider == second.Provider && first.ErrorType == second.ErrorType
                && first.HttpStatus == second.HttpStatus && first.Verdict == second.Verdict;
        });
}
