using System.Globalization;
using Downwatch.Domain.ErrorDiagnosis;

namespace Downwatch.Domain.Tests.ErrorDiagnosis;

/// <summary>How the classifier does on a set of labelled texts: error type, provider, HTTP status, and by confidence.</summary>
internal sealed class CorpusScore
{
    private readonly Dictionary<DiagnosisConfidence, (int Named, int Right)> _byConfidence = [];

    public int Count { get; private set; }
    public int ErrorRight { get; private set; }
    public int ErrorWrong { get; private set; }
    public int ProviderLabelled { get; private set; }
    public int ProviderRight { get; private set; }
    public int ProviderWrong { get; private set; }
    public int StatusLabelled { get; private set; }
    public int StatusRight { get; private set; }
    public List<string> Misses { get; } = [];

    public double ErrorAccuracy => Share(ErrorRight, Count);
    public double ProviderAccuracy => Share(ProviderRight, ProviderLabelled);

    /// <summary>Texts given a wrong error type or a wrong provider (of those that name one), of all texts.</summary>
    public int ConfidentlyWrong { get; private set; }
    public double ConfidentlyWrongShare => Share(ConfidentlyWrong, Count);

    public double RightShareAt(DiagnosisConfidence level) =>
        _byConfidence.TryGetValue(level, out var c) ? Share(c.Right, c.Named) : 1;

    public static CorpusScore Of(IEnumerable<CorpusEntry> entries, ErrorClassifier classifier)
    {
        var score = new CorpusScore();
        foreach (var entry in entries)
        {
            score.Add(entry, classifier.Diagnose(entry.Text));
        }

        return score;
    }

    public string Summary(string split)
    {
        var levels = string.Join("; ", new[] { DiagnosisConfidence.High, DiagnosisConfidence.Medium, DiagnosisConfidence.Low }
            .Select(l => _byConfidence.TryGetValue(l, out var c) ? $"{l.Token()} {c.Right}/{c.Named} right" : $"{l.Token()} 0"));
        return string.Create(CultureInfo.InvariantCulture,
            $"{split}: {Count} texts; error type {ErrorRight}/{Count} = {ErrorAccuracy:P1} ({ErrorWrong} wrong, {Count - ErrorRight - ErrorWrong} could not tell); " +
            $"provider {ProviderRight}/{ProviderLabelled} = {ProviderAccuracy:P1} ({ProviderWrong} wrong); HTTP status {StatusRight}/{StatusLabelled}; " +
            $"confidently wrong {ConfidentlyWrong} = {ConfidentlyWrongShare:P1}; by confidence: {levels}");
    }

    private void Add(CorpusEntry entry, DiagnosisResult result)
    {
        Count++;
        var errorRight = result.ErrorType == entry.ErrorType;
        var errorWrong = result.ErrorType is not null && !errorRight;
        ErrorRight += errorRight ? 1 : 0;
        ErrorWrong += errorWrong ? 1 : 0;
        var providerWrong = entry.Provider is not null && result.Provider is not null && result.Provider != entry.Provider;
        if (entry.Provider is not null)
        {
            ProviderLabelled++;
            ProviderRight += result.Provider == entry.Provider ? 1 : 0;
            ProviderWrong += providerWrong ? 1 : 0;
        }

        ConfidentlyWrong += errorWrong || providerWrong ? 1 : 0;
        if (entry.HttpStatus is not null)
        {
            StatusLabelled++;
            StatusRight += result.HttpStatus == entry.HttpStatus ? 1 : 0;
        }

        if (result.ErrorType is not null)
        {
            var c = _byConfidence.GetValueOrDefault(result.Confidence);
            _byConfidence[result.Confidence] = (c.Named + 1, c.Right + (errorRight ? 1 : 0));
        }

        if (!errorRight || (entry.Provider is not null && result.Provider != entry.Provider))
        {
            Misses.Add($"{entry.Source}: expected {entry.Provider}/{entry.ErrorType}, got {result.Provider}/{result.ErrorType} ({result.Confidence.Token()})");
        }
    }

    private static double Share(int part, int whole) => whole == 0 ? 1 : (double)part / whole;
}
