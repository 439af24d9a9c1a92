using Downwatch.Domain.Catalog;

namespace Downwatch.Domain.ErrorDiagnosis;

/// <summary>
/// Which gateway or proxy passed an error on (its markers in services.yaml's <c>gateways:</c>), and which upstream
/// provider the text names inside a catalogued gateway's error.
/// </summary>
internal static class GatewayReading
{
    /// <summary>The gateway whose wording the text carries (the first such phrase in the text), or null.</summary>
    public static GatewayDefinition? Gateway(List<Phrase> phrases)
    {
        foreach (var phrase in phrases)
        {
            if (phrase.Gateways.Count > 0)
            {
                return phrase.Gateways[0];
            }
        }

        return null;
    }

    /// <summary>Inside a gateway's error: the strongest other provider the text names, if it names one clearly enough.</summary>
    public static string? Upstream(string gatewayService, List<DiagnosisCandidate> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (candidate.Slug != gatewayService && candidate.Score >= EvidenceWeights.UpstreamFloor)
            {
                return candidate.Slug;
            }
        }

        return null;
    }
}
