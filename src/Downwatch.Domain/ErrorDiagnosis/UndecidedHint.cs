using Downwatch.Domain.Catalog;

namespace Downwatch.Domain.ErrorDiagnosis;

/// <summary>
/// What in a pasted text would decide an answer the classifier could not give: one plain sentence for the error type
/// and one for the provider, naming the nearest candidates. Null when there is nothing left to decide.
/// </summary>
internal static class UndecidedHint
{
    public static string? For(string? provider, string? error, IReadOnlyList<DiagnosisCandidate> errors, ServiceCatalog catalog)
    {
        var errorHint = error is not null ? null
            : errors.Count == 0 ? "Nothing in the text names an error: the provider's error code or message, or the HTTP status, would decide it."
            : errors.Count == 1 ? $"It looks like {Title(errors[0], catalog)}, but too little in the text says so: the provider's error code or message would decide it."
            : $"It is between {Title(errors[0], catalog)} and {Title(errors[1], catalog)}: the provider's error code or message in the response body would decide it.";
        var providerHint = provider is not null ? null
            : "The host of the failed request (api.… in the URL), the SDK's package name or the model name would name the provider.";
        return errorHint is null ? providerHint : providerHint is null ? errorHint : errorHint + " " + providerHint;
    }

    private static string Title(DiagnosisCandidate candidate, ServiceCatalog catalog) =>
        catalog.FindError(candidate.Slug)?.Title ?? candidate.Slug;
}
