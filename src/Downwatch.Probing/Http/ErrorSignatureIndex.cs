using Downwatch.Domain.Catalog;

namespace Downwatch.Probing.Http;

/// <summary>Recognises the error a response body carries from the signatures in catalog/errors.yaml.</summary>
public sealed class ErrorSignatureIndex
{
    private const int MinimumLength = 4;
    private readonly Dictionary<string, (string Text, string Error)[]> _byService = new(StringComparer.Ordinal);
    private readonly (string Text, string Error)[] _generic;

    public ErrorSignatureIndex(ServiceCatalog catalog)
    {
        var usable = catalog.Errors
            .SelectMany(e => e.Signatures
                .Where(s => s.Kind is "code" or "message" or "exception" && s.Text.Length >= MinimumLength)
                .Select(s => (s.Provider, s.Text, Error: e.Slug)))
            .ToList();
        _generic = usable.Where(s => s.Provider is null).Select(s => (s.Text, s.Error)).ToArray();
        foreach (var group in usable.Where(s => s.Provider is not null).GroupBy(s => s.Provider!))
        {
            // The provider's own signatures first: they are the most specific.
            _byService[group.Key] = group.Select(s => (s.Text, s.Error)).Concat(_generic).ToArray();
        }
    }

    /// <summary>The error type whose signature appears in the body, or null.</summary>
    public string? Recognize(string service, ReadOnlySpan<char> body)
    {
        var signatures = _byService.TryGetValue(service, out var own) ? own : _generic;
        foreach (var (text, error) in signatures)
        {
            if (body.Contains(text, StringComparison.OrdinalIgnoreCase))
            {
                return error;
            }
        }

        return null;
    }
}
