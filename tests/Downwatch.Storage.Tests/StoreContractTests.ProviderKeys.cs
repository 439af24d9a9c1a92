using Dapper;
using Downwatch.Storage.Sql;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace Downwatch.Storage.Tests;

public abstract partial class StoreContractTests
{
    private const string ProviderSecret = "sk-ant-api03-contract-test-secret-0001";
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    /// <summary>A Data Protection provider whose key ring is this database, as each node builds it (with the key ring
    /// certificate <paramref name="certificate"/> when given).</summary>
    private ServiceProvider Protection(string? certificate = null, string? password = null)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("Downwatch")
            .ProtectKeyRingWith(new StorageOptions { KeyRingCertificate = certificate, KeyRingCertificatePassword = password });
        services.AddOptions<KeyManagementOptions>().Configure(o => o.XmlRepository = new SqlXmlRepository(_connections));
        return services.BuildServiceProvider();
    }

    /// <summary>A self-signed certificate with its private key in a password-protected .pfx file.</summary>
    private static string CertificateFile(string password)
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Downwatch key ring", rsa,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(Now.AddDays(-1), Now.AddYears(5));
        var path = Path.Combine(Path.GetTempPath(), $"downwatch-ring-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, password));
        return path;
    }

    [ContractFact]
    public async Task With_a_key_ring_certificate_the_ring_is_stored_encrypted_and_only_a_node_with_the_certificate_opens_provider_keys()
    {
        var file = CertificateFile("ring-password");
        try
        {
            var store = new SqlProviderKeyStore(_connections);
            using (var first = Protection(file, "ring-password"))
            {
                await new ProviderKeyVault(store, first.GetRequiredService<IDataProtectionProvider>())
                    .AddAsync("openai-main", "openai", ProviderSecret, [], [], 300, 100_000, Now);
            }

            await using (var connection = await _connections.OpenAsync())
            {
                var ring = Assert.Single(await connection.QueryAsync<string>("SELECT xml FROM data_protection_keys"));
                Assert.Contains("EncryptedData", ring, StringComparison.Ordinal);
                Assert.DoesNotContain("<masterKey", ring, StringComparison.Ordinal);
            }

            using (var second = Protection(file, "ring-password"))
            {
                var unlocked = Assert.Single(await new ProviderKeyVault(store, second.GetRequiredService<IDataProtectionProvider>()).UnlockAsync("any"));
                Assert.Equal(ProviderSecret, unlocked.Secret);
            }

            // A copy of the database without the certificate does not open the key: reported, not thrown.
            using var without = Protection();
            var refused = new List<string>();
            Assert.Empty(await new ProviderKeyVault(store, without.GetRequiredService<IDataProtectionProvider>()).UnlockAsync("any", k => refused.Add(k.Name)));
            Assert.Equal(["openai-main"], refused);

            var validation = new KeyRingCertificateValidation();
            Assert.True(validation.Validate(null, new StorageOptions { KeyRingCertificate = file, KeyRingCertificatePassword = "ring-password" }).Succeeded);
            var wrong = validation.Validate(null, new StorageOptions { KeyRingCertificate = file, KeyRingCertificatePassword = "guess" });
            Assert.StartsWith($"Storage:KeyRingCertificate '{file}' cannot be read", wrong.FailureMessage, StringComparison.Ordinal);
            Assert.False(validation.Validate(null, new StorageOptions { KeyRingCertificate = file + ".missing" }).Succeeded);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [ContractFact]
    public async Task Provider_keys_are_stored_encrypted_and_another_node_decrypts_them()
    {
        var store = new SqlProviderKeyStore(_connections);
        using (var first = Protection())
        {
            await new ProviderKeyVault(store, first.GetRequiredService<IDataProtectionProvider>())
                .AddAsync("anthropic-main", "anthropic", ProviderSecret, ["claude-haiku-4-5"], ["tokyo"], 300, 100_000, Now, "https://proxy.example/v1");
        }

        await using (var connection = await _connections.OpenAsync())
        {
            var stored = await connection.ExecuteScalarAsync<string>("SELECT protected_secret FROM provider_keys WHERE name = 'anthropic-main'");
            Assert.DoesNotContain(ProviderSecret, stored!, StringComparison.Ordinal);
            Assert.DoesNotContain("contract-test", stored!, StringComparison.Ordinal);
        }

        // A second process with a fresh provider reads the key ring from the database.
        using var second = Protection();
        var vault = new ProviderKeyVault(store, second.GetRequiredService<IDataProtectionProvider>());
        var unlocked = Assert.Single(await vault.UnlockAsync("tokyo"));
        Assert.Equal(ProviderSecret, unlocked.Secret);
        Assert.Equal(["claude-haiku-4-5"], unlocked.Key.Models);
        Assert.Equal(300, unlocked.Key.RequestsPerDay);
        Assert.Equal("https://proxy.example/v1", unlocked.Key.BaseUrl);
        Assert.DoesNotContain(ProviderSecret, unlocked.ToString(), StringComparison.Ordinal);
        Assert.Empty(await vault.UnlockAsync("frankfurt"));

        Assert.True(await store.RevokeAsync("anthropic-main", Now));
        Assert.False(await store.RevokeAsync("anthropic-main", Now));
        Assert.Empty(await vault.UnlockAsync("tokyo"));
        Assert.NotNull(Assert.Single(await store.ListAsync()).RevokedAt);
    }

    [ContractFact]
    public async Task A_key_that_no_longer_decrypts_is_reported_not_thrown()
    {
        var store = new SqlProviderKeyStore(_connections);
        await store.SaveAsync(new ProviderKeyRecord("broken", "openai", "not-a-protected-payload", [], [], 10, 1000, Now));
        using var protection = Protection();
        var refused = new List<string>();
        Assert.Empty(await new ProviderKeyVault(store, protection.GetRequiredService<IDataProtectionProvider>()).UnlockAsync("any", k => refused.Add(k.Name)));
        Assert.Equal(["broken"], refused);
    }

    [ContractFact]
    public async Task The_daily_budget_is_never_exceeded_even_by_concurrent_reservations()
    {
        var store = new SqlProviderKeyStore(_connections);
        var granted = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => store.TryReserveAsync("k", Today, 25, 1_000_000, 73)));
        Assert.Equal(25, granted.Count(g => g));
        Assert.False(await store.TryReserveAsync("k", Today, 25, 1_000_000, 73));
        // A fresh store object (a restart) sees the same spend.
        Assert.False(await new SqlProviderKeyStore(_connections).TryReserveAsync("k", Today, 25, 1_000_000, 73));
        var spend = Assert.Single(await store.SpendAsync(Today));
        Assert.Equal(25, spend.Requests);
        Assert.Equal(25 * 73, spend.Tokens);

        // The token cap holds too, and a correction after the provider's usage counts.
        Assert.True(await store.TryReserveAsync("t", Today, 100, 200, 73));
        Assert.True(await store.TryReserveAsync("t", Today, 100, 200, 73));
        Assert.False(await store.TryReserveAsync("t", Today, 100, 200, 73));
        await store.AdjustTokensAsync("t", Today, -100);
        Assert.True(await store.TryReserveAsync("t", Today, 100, 200, 73));
        Assert.True(await store.TryReserveAsync("k", Today.AddDays(1), 25, 1_000_000, 73));
    }
}
