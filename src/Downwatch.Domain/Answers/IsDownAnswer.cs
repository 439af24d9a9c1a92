using Downwatch.Domain.Status;

namespace Downwatch.Domain.Answers;

/// <summary>
/// The one-word answer to "is X down?", made here once for the page, the API and anything else that asks. It never says
/// more than the assessment it comes from: "No" only for an operational status (which its evidence supports), "Yes" only
/// for a major outage, "Maybe" when the evidence is of a problem but inconclusive, and "We can't tell yet" without fresh evidence.
/// </summary>
public sealed record IsDownAnswer(string Word, string Token)
{
    public static IsDownAnswer For(ServiceAssessment assessment) => assessment.Status switch
    {
        ServiceStatus.MajorOutage => new("Yes", "yes"),
        ServiceStatus.PartialOutage => new("Partly", "partly"),
        ServiceStatus.Degraded when assessment.Diagnosis == Diagnosis.Inconclusive => new("Maybe", "maybe"),
        ServiceStatus.Degraded => new("Partly", "partly"),
        ServiceStatus.Maintenance => new("In maintenance", "maintenance"),
        ServiceStatus.Operational => new("No", "no"),
        _ => new("We can't tell yet", "unknown"),
    };
}
