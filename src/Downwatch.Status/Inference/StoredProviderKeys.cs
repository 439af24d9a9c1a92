using Downwatch.Domain.Catalog;
using Downwatch.Probing;
using Downwatch.Probing.Inference;
using Downwatch.Storage;
using Microsoft.Extensions.Options;

namespace Downwatch.Status.Inference;

/// <summary>
/// serve asks, with each stored key usable at its location, the key's models (the catalog's when the key names none) of
/// the key's service, in the service's wire format. A key whose service has no <c>inference</c> in the catalog is skipped.
/// Nodes probing from the same location split the (key, model) pairs as they split endpoints, so a cluster asks no
/// more often than one node would.
/// </summary>
public sealed partial class StoredKeyAssignment(ProviderKeyVault vault, ServiceCatalog catalog, IOptions<ProbingOptions> probing,
    Cluster.ProbeMembership membership, ILogger<StoredKeyAssignment> logger) : IInferenceAssignment
{
    public async Task<IReadOnlyList<InferenceTarget>> GetAsync(CancellationToken cancellationToken)
    {
        var keys = await vault.UnlockAsync(probing.Value.Location, k => LogUndecryptable(logger, k.Name), cancellationToken);
        var targets = new List<InferenceTarget>();
        foreach (var (key, secret) in keys)
        {
            if (catalog.FindService(key.Service) is not { Inference: { } inference } service)
            {
                LogNoInference(logger, key.Name, key.Service);
                continue;
            }

            var baseUrl = key.BaseUrl ?? inference.BaseUrl;
            var budget = new KeyBudget(key.RequestsPerDay, key.TokensPerDay);
            foreach (var model in key.Models.Count > 0 ? key.Models : inference.Models)
            {
                targets.Add(new InferenceTarget(
                    new ProbeTarget(service.Slug, inference.Component, new ProbeEndpoint { Url = baseUrl, Method = "POST" })
                    {
                        Inference = new InferenceSpec(inference.Format, baseUrl, model, key.Name, new ApiSecret(secret)),
                    },
                    budget));
            }
        }

        return await membership.ShareAsync(targets, t => $"{t.Spec.KeyName}|{t.Spec.Model}", cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Provider key {Name} cannot be decrypted (was the key ring lost?); it is not used")]
    private static partial void LogUndecryptable(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Provider key {Name} is for {Service}, which the catalog cannot ask for a generation; it is not used")]
    private static partial void LogNoInference(ILogger logger, string name, string service);
}

/// <summary>Keys' spend counted in the database, so the cap holds across restarts and nodes.</summary>
public sealed class StoredKeyBudget(IProviderKeyStore store) : IInferenceBudget
{
    public Task<bool> TryReserveAsync(string keyName, KeyBudget budget, DateOnly day, long tokens, CancellationToken cancellationToken) =>
        store.TryReserveAsync(keyName, day, budget.RequestsPerDay, budget.TokensPerDay, tokens, cancellationToken);

    public Task SettleAsync(string keyName, DateOnly day, long estimated, long actual, CancellationToken cancellationToken) =>
        actual == estimated ? Task.CompletedTask : store.AdjustTokensAsync(keyName, day, actual - estimated, cancellationToken);
}
