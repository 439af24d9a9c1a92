using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Downwatch.Storage;

/// <summary>A provider key with its secret decrypted, for the inference probes only.</summary>
public sealed record UnlockedProviderKey(ProviderKeyRecord Key, string Secret)
{
    /// <summary>Never the secret.</summary>
    public override string ToString() => Key.ToString();
}

/// <summary>
/// Encrypts provider keys at rest with ASP.NET Core Data Protection (its key ring in the database, see
/// <see cref="Sql.SqlXmlRepository"/>) and decrypts them for the probes. Secrets are never logged or returned elsewhere.
/// </summary>
public sealed class ProviderKeyVault(IProviderKeyStore store, IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Downwatch.ProviderKeys.v1");

    public async Task AddAsync(string name, string service, string secret, IReadOnlyList<string> models, IReadOnlyList<string> locations,
        int requestsPerDay, long tokensPerDay, DateTimeOffset now, string? baseUrl = null, CancellationToken cancellationToken = default) =>
        await store.SaveAsync(new ProviderKeyRecord(name, service, _protector.Protect(secret), models, locations, requestsPerDay, tokensPerDay, now,
            BaseUrl: baseUrl), cancellationToken);

    /// <summary>Active keys this location may use, decrypted; a key that no longer decrypts (its key ring lost) is left out and
    /// reported through <paramref name="undecryptable"/>.</summary>
    public async Task<IReadOnlyList<UnlockedProviderKey>> UnlockAsync(string location, Action<ProviderKeyRecord>? undecryptable = null,
        CancellationToken cancellationToken = default)
    {
        var unlocked = new List<UnlockedProviderKey>();
        foreach (var key in (await store.ListAsync(cancellationToken)).Where(k => k.UsableAt(location)))
        {
            try
            {
                unlocked.Add(new UnlockedProviderKey(key, _protector.Unprotect(key.ProtectedSecret)));
            }
            catch (CryptographicException)
            {
                undecryptable?.Invoke(key);
            }
        }

        return unlocked;
    }
}
