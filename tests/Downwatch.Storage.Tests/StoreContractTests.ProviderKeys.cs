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

    /// <summary>A Data Protection provider whose key ring is this database, as each node builds it.</summary>
    private ServiceProvider Protection()
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("Downwatch");
        services.AddOptions<KeyManagementOptions>().Configure(o => o.XmlRepository = new SqlXmlRepository(_connections));
        return services.BuildServiceProvider();
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
