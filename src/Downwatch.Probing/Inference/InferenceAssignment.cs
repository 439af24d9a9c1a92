namespace Downwatch.Probing.Inference;

/// <summary>A key's daily limits: requests and tokens (input and output) per UTC day.</summary>
public sealed record KeyBudget(int RequestsPerDay, long TokensPerDay);

/// <summary>One model to ask with one key, and that key's budget.</summary>
public sealed record InferenceTarget(ProbeTarget Probe, KeyBudget Budget)
{
    public InferenceSpec Spec => Probe.Inference ?? throw new InvalidOperationException("An inference target carries its spec.");
}

/// <summary>Which models this location asks, with which keys: the stored keys usable here (serve).</summary>
public interface IInferenceAssignment
{
    Task<IReadOnlyList<InferenceTarget>> GetAsync(CancellationToken cancellationToken);
}

/// <summary>Where a key's spend is counted; shared by every node so the cap holds across nodes and restarts.</summary>
public interface IInferenceBudget
{
    /// <summary>Counts one request and <paramref name="tokens"/> if the key's budget for <paramref name="day"/> allows it.</summary>
    Task<bool> TryReserveAsync(string keyName, KeyBudget budget, DateOnly day, long tokens, CancellationToken cancellationToken);

    /// <summary>Replaces the estimate by what the provider said the request used.</summary>
    Task SettleAsync(string keyName, DateOnly day, long estimated, long actual, CancellationToken cancellationToken);
}
