using Downwatch.Domain.ErrorDiagnosis;
using Xunit.Abstractions;
using static Downwatch.Domain.Tests.ErrorDiagnosis.BundledKnowledge;

namespace Downwatch.Domain.Tests.ErrorDiagnosis;

/// <summary>
/// Accuracy on the labelled corpus, for each part of the split; the test part (texts no knowledge was written from)
/// is the headline. The floors are the levels reached (BENCHMARKS.md): a change that makes diagnosis worse fails here.
/// An answer counts only when it is confident; "could not tell" is not right, and not wrong either.
/// </summary>
public class CorpusAccuracyTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(LabelledCorpus.Test, 0.85, 0.82, 0.055, 0.98)]
    [InlineData(LabelledCorpus.Dev, 0.96, 0.93, 0.02, 0.99)]
    public void Accuracy_stays_at_the_level_reached(string split, double errorFloor, double providerFloor, double maxWrongShare, double highFloor)
    {
        var score = CorpusScore.Of(LabelledCorpus.Part(split), Classifier);
        if (split == LabelledCorpus.Dev)
        {
            // Only the dev part's misses are printed: the test part is scored, never read for knowledge.
            foreach (var miss in score.Misses)
            {
                output.WriteLine(miss);
            }
        }

        output.WriteLine(score.Summary(split));
        Assert.True(score.ErrorAccuracy >= errorFloor, $"error-type accuracy {score.ErrorAccuracy:P1} fell below {errorFloor:P1}");
        Assert.True(score.ProviderAccuracy >= providerFloor, $"provider accuracy {score.ProviderAccuracy:P1} fell below {providerFloor:P1}");
        Assert.True(score.ConfidentlyWrongShare <= maxWrongShare, $"confidently wrong {score.ConfidentlyWrongShare:P1} above {maxWrongShare:P1}");
        Assert.True(score.RightShareAt(DiagnosisConfidence.High) >= highFloor, $"high confidence right {score.RightShareAt(DiagnosisConfidence.High):P1} below {highFloor:P1}");
    }

    [Fact]
    public void Every_verdict_agrees_with_the_labelled_error_types_side()
    {
        foreach (var entry in LabelledCorpus.All)
        {
            var result = Classifier.Diagnose(entry.Text);
            if (result.ErrorType == entry.ErrorType)
            {
                Assert.Equal(VerdictVocabulary.FromSide(BundledCatalog.FindError(entry.ErrorType)!.Side), result.Verdict);
            }
        }
    }

    [Fact]
    public void A_confidence_level_is_given_exactly_when_an_error_type_is_named()
    {
        foreach (var entry in LabelledCorpus.All)
        {
            var result = Classifier.Diagnose(entry.Text);
            Assert.Equal(result.ErrorType is null, result.Confidence == DiagnosisConfidence.None);
        }
    }
}
