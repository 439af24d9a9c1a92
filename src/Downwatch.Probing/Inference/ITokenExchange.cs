using System.Collections.Concurrent;

namespace Downwatch.Probing.Inference;

/// <summary>
/// A wire format whose key is first traded for a short-lived access token (Baidu's API Key and Secret Key for an
/// <c>access_token</c> that lasts 30 days). The probe trades once and keeps the token (<see cref="ExchangedTokens"/>)
/// until shortly before it expires or the provider refuses it.
/// </summary>
internal interface ITokenExchange
{
    /// <summary>The request that trades the key for a token; null when the key is a token already.</summary>
    HttpRequestMessage? CreateExchange(InferenceSpec spec);

    /// <summary>The token and how long it lasts, from a 2xx answer's body; null when the body holds none.</summary>
    TokenGrant? ReadGrant(string body);
}

/// <summary>An access token and how long the provider said it lasts.</summary>
internal sealed record TokenGrant(ApiSecret Token, TimeSpan Lifetime);

/// <summary>Traded tokens per base URL and key, kept in memory until a tenth of their lifetime is left.</summary>
internal sealed class ExchangedTokens(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string BaseUrl, ApiSecret Key), (ApiSecret Token, DateTimeOffset Until)> _tokens = new();

    public ApiSecret? Find(InferenceSpec spec) =>
        _tokens.TryGetValue((spec.BaseUrl, spec.Secret), out var kept) && kept.Until > time.GetUtcNow() ? kept.Token : null;

    public void Keep(InferenceSpec spec, TokenGrant grant) =>
        _tokens[(spec.BaseUrl, spec.Secret)] = (grant.Token, time.GetUtcNow() + grant.Lifetime * 0.9);

    /// <summary>The provider refused the token (revoked, expired early): the next probe trades again.</summary>
    public void Forget(InferenceSpec spec) => _tokens.TryRemove((spec.BaseUrl, spec.Secret), out _);
}
