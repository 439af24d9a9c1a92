using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Downwatch.Probing.Agent;

/// <summary>
/// The agent probes what the server assigns. The last assignment is kept on disk, so an agent that restarts
/// while the server is down goes on probing.
/// </summary>
public sealed partial class RemoteAssignment(AgentClient client, IOptions<AgentOptions> options, ILogger<RemoteAssignment> logger) : IProbeAssignment
{
    private string CachePath => Path.Combine(Path.GetFullPath(options.Value.BufferDirectory), "assignment.json");

    public async Task<IReadOnlyList<ProbeTarget>> GetAsync(CancellationToken cancellationToken)
    {
        try
        {
            var targets = await client.AssignmentAsync(cancellationToken);
            Directory.CreateDirectory(Path.GetDirectoryName(CachePath)!);
            await File.WriteAllTextAsync(CachePath + ".tmp", JsonSerializer.Serialize(targets, AgentBatch.Json), cancellationToken);
            File.Move(CachePath + ".tmp", CachePath, overwrite: true);
            return targets;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            if (!File.Exists(CachePath))
            {
                throw;
            }

            LogUsingCache(logger, e.Message);
            return JsonSerializer.Deserialize<List<ProbeTarget>>(await File.ReadAllTextAsync(cancellationToken: cancellationToken, path: CachePath), AgentBatch.Json) ?? [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server unreachable ({Reason}); probing the last assignment")]
    private static partial void LogUsingCache(ILogger logger, string reason);
}
