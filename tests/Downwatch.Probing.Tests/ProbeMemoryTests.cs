using Downwatch.Domain.Observations;
using Downwatch.Probing.Http;
using static Downwatch.Probing.Tests.ProbeFixtures;

namespace Downwatch.Probing.Tests;

[CollectionDefinition(nameof(ProbeMemoryTests), DisableParallelization = true)]
public sealed class MemoryCollection;

/// <summary>Huge and decompression-bomb bodies cost a bounded amount of memory (run alone, so others' allocations don't count).</summary>
[Collection(nameof(ProbeMemoryTests))]
public sealed class ProbeMemoryTests : IAsyncLifetime
{
    private MisbehavingUpstream _up = default!;

    public async Task InitializeAsync() => _up = await MisbehavingUpstream.StartAsync();

    public async Task DisposeAsync() => await _up.DisposeAsync();

    [Theory]
    [InlineData("/huge", "read the first 65536 bytes only")]
    [InlineData("/bomb", "stopped decompressing after 262144 bytes (decompression guard)")]
    public async Task Large_bodies_are_read_only_up_to_the_limit_without_memory_growth(string path, string note)
    {
        using var probe = Probe(new HttpProbeOptions { TotalTimeout = TimeSpan.FromSeconds(10) });
        var target = Target(_up.Http + path, 200);
        await probe.ProbeAsync(target, "warm-up", CancellationToken.None);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        ProbeObservation? last = null;
        for (var i = 0; i < 10; i++)
        {
            last = await probe.ProbeAsync(target, "memory", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.Equal(ProbeOutcome.Up, last!.Outcome);
        Assert.Contains(note, last.Details!.Detail, StringComparison.Ordinal);
        Assert.True(after - before < 4 * 1024 * 1024, $"retained memory grew by {after - before} bytes");
    }
}
