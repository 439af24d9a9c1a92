using Downwatch.Domain.Status;

namespace Downwatch.Domain.Answers;

/// <summary>
/// "Is it you or the provider?" for an error a visitor just got, made once from the service's assessment and the side the
/// error usually comes from. It never blames the visitor without fresh evidence that the service answers normally
/// (<see cref="Diagnosis.LocalIssue"/>, which only an operational status with healthy probes gives), and never calls the
/// error part of an outage the assessment has not found.
/// </summary>
/// <param name="Token">
/// <c>unknown</c> (no fresh evidence), <c>yours</c> (the service answers normally and the error is one a request or an
/// account causes), <c>your-path</c> (the service answers normally, the error is not usually the caller's: their network
/// path or a passing fault), <c>outage</c>, <c>partial</c>, or <c>mixed</c> (the signals disagree).
/// </param>
public sealed record ErrorVerdict(string Token)
{
    /// <param name="side">The error type's usual side: <c>user</c>, <c>provider</c> or <c>either</c>.</param>
    public static ErrorVerdict For(ServiceAssessment assessment, string side) => (assessment.Status, assessment.Diagnosis) switch
    {
        (ServiceStatus.Unknown, _) => new("unknown"),
        (_, Diagnosis.LocalIssue) when side == "user" => new("yours"),
        (_, Diagnosis.LocalIssue) => new("your-path"),
        (_, Diagnosis.GlobalOutage) => new("outage"),
        (_, Diagnosis.PartialIncident) => new("partial"),
        _ => new("mixed"),
    };

    /// <summary>True when the verdict says the error is on the visitor's side or path, not the provider's.</summary>
    public bool OnTheVisitorsSide => Token is "yours" or "your-path";
}
