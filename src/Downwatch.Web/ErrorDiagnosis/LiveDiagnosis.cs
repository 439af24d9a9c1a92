using Downwatch.Domain.ErrorDiagnosis;
using Downwatch.Domain.Status;
using Downwatch.Storage;
using Downwatch.Web.Pages;
using Downwatch.Status;
using StatusDiagnosis = Downwatch.Domain.Status.Diagnosis;

namespace Downwatch.Web.ErrorDiagnosis;

/// <summary>
/// Diagnoses a pasted error and checks the verdict against the provider's live assessment on the status board:
/// "ERNIE Bot is operational: this 401 is almost certainly on your side", "Anthropic has a major outage since 10:42
/// UTC: not you".
/// </summary>
internal sealed class LiveDiagnosis(ErrorClassifier classifier, StatusBoard board, IIncidentStore incidents, TimeProvider time)
{
    private static readonly TimeSpan IncidentLookBack = TimeSpan.FromDays(2);

    public async Task<DiagnosisAnswer> DiagnoseAsync(string? text, CancellationToken cancellationToken)
    {
        var result = classifier.Diagnose(text);
        if (result.Provider is not { } provider || classifier.Catalog.FindService(provider) is not { } service)
        {
            return DiagnosisAnswer.From(result, classifier.Catalog, null,
                "We could not tell which provider this came from, so we cannot check it against a live status.");
        }

        var assessment = board.Get(provider);
        var since = await SinceAsync(provider, assessment, cancellationToken);
        var error = result.ErrorType is null ? null : classifier.Catalog.FindError(result.ErrorType);
        var sentence = Sentence(service.Name, assessment, since, result.Verdict, DiagnosisAnswer.Label(result.HttpStatus), error?.Title, result.NoHttpAnswer);
        var live = new LiveStatus(assessment.Status.Token(), assessment.Diagnosis.ToString(), since, sentence);
        return DiagnosisAnswer.From(result, classifier.Catalog, live, sentence);
    }

    /// <summary>
    /// The sentence that combines a verdict with the provider's current assessment. With <paramref name="noHttpAnswer"/>
    /// (a network failure or timeout of the client, no HTTP status) an outage explains it, and without one the network
    /// or proxy on the caller's side most likely does.
    /// </summary>
    public static string Sentence(string name, Assessment assessment, DateTimeOffset? since, Verdict verdict, string label, string? title,
        bool noHttpAnswer = false)
    {
        var what = title is null ? label : $"{label} ({title})";
        var sinceText = since is { } at ? $" since {Formatting.Utc(at)}" : "";
        var problem = assessment.Status is ServiceStatus.MajorOutage or ServiceStatus.PartialOutage or ServiceStatus.Degraded
            || assessment.Diagnosis is StatusDiagnosis.GlobalOutage or StatusDiagnosis.PartialIncident;
        if (assessment.Status == ServiceStatus.Unknown)
        {
            return $"{name} has not been checked recently, so we cannot confirm {label} against its live status.";
        }

        if (assessment.Status == ServiceStatus.Maintenance)
        {
            return $"{name} is in scheduled maintenance{sinceText}: {label} is most likely part of it.";
        }

        if (problem)
        {
            var state = $"{name} has a {assessment.Status.Title().ToLowerInvariant()}{sinceText}";
            return verdict switch
            {
                _ when noHttpAnswer => $"{state}: no HTTP answer came back, and that is very likely part of it, not you.",
                Verdict.YourSide => $"{state}, but {what} usually comes from your side: check it, and retry once the incident is over.",
                _ => $"{state}: {label} is very likely part of it, not you.",
            };
        }

        return (assessment.Diagnosis, verdict) switch
        {
            (StatusDiagnosis.LocalIssue, _) when noHttpAnswer => $"{name} is operational for us right now: no HTTP answer came back, so the cause is most likely your network or proxy.",
            (StatusDiagnosis.LocalIssue, Verdict.YourSide) => $"{name} is operational: {what} is almost certainly on your side.",
            (StatusDiagnosis.LocalIssue, Verdict.ProviderSide) => $"{name} is operational for us right now: {label} is likely a brief problem on {name}'s side; retry with backoff.",
            (StatusDiagnosis.LocalIssue, _) => $"{name} is operational for us right now: if {label} persists, the cause is most likely your network path or request.",
            _ => $"The signals about {name} are mixed right now, so we cannot confirm {label} against its live status.",
        };
    }

    private async Task<DateTimeOffset?> SinceAsync(string provider, ServiceAssessment assessment, CancellationToken cancellationToken)
    {
        if (assessment.Status is ServiceStatus.Operational or ServiceStatus.Unknown)
        {
            return null;
        }

        var open = (await incidents.ListAsync(provider, time.GetUtcNow() - IncidentLookBack, cancellationToken))
            .Where(i => i.IsOpen).OrderBy(i => i.StartedAt).FirstOrDefault();
        return open?.StartedAt ?? assessment.Evidence.Where(e => e.At is not null && e.Supports == assessment.Status).Min(e => e.At);
    }
}
