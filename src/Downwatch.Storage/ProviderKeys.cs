using Downwatch.Storage.Sql;

namespace Downwatch.Storage;

/// <summary>A provider API key as stored: the secret only encrypted (<see cref="ProtectedSecret"/>), the models it probes,
/// the locations that may use it (empty: every location), its daily budget, and the API base URL when it is not the
/// catalog's (a proxy, a regional endpoint).</summary>
public sealed record ProviderKeyRecord(
    string Name,
    string Service,
    string ProtectedSecret,
    IReadOnlyList<string> Models,
    IReadOnlyList<string> Locations,
    int RequestsPerDay,
    long TokensPerDay,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt = null,
    string? BaseUrl = null)
{
    public bool Active => RevokedAt is null;

    public bool UsableAt(string location) => Active && (Locations.Count == 0 || Locations.Contains(location, StringComparer.Ordinal));

    /// <summary>Never the secret, not even encrypted.</summary>
    public override string ToString() => $"provider key {Name} ({Service})";
}

/// <summary>What a key spent on one UTC day.</summary>
public sealed record KeySpend(string Name, DateOnly Day, int Requests, long Tokens);

/// <summary>Provider keys and their spend. The spend is counted before a request is sent, in one statement that refuses
/// to go past the budget, so the cap holds across restarts and across nodes sharing the database.</summary>
public interface IProviderKeyStore
{
    /// <summary>Adds a key, or replaces the key of that name (its spend so far today stays).</summary>
    Task SaveAsync(ProviderKeyRecord key, CancellationToken cancellationToken = default);

    /// <summary>Every key, revoked ones too, by name.</summary>
    Task<IReadOnlyList<ProviderKeyRecord>> ListAsync(CancellationToken cancellationToken = default);

    Task<bool> RevokeAsync(string name, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Counts one request and <paramref name="tokens"/> against the key's spend on <paramref name="day"/> if both
    /// stay within the limits; false (and nothing counted) otherwise.</summary>
    Task<bool> TryReserveAsync(string name, DateOnly day, int requestsPerDay, long tokensPerDay, long tokens, CancellationToken cancellationToken = default);

    /// <summary>Corrects the tokens counted for a request once the provider said what it used (may be negative).</summary>
    Task AdjustTokensAsync(string name, DateOnly day, long delta, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<KeySpend>> SpendAsync(DateOnly day, CancellationToken cancellationToken = default);
}
