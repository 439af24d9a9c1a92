using Downwatch.Probing;
using Downwatch.Probing.Agent;

namespace Downwatch.Web.Hosting;

/// <summary>The host of <c>downwatch agent</c>: a remote probe location with no web server and no database.</summary>
internal static class AgentHost
{
    public static IHost Build(string[] args, Uri server, string token, string location, string? buffer, string? catalogDirectory,
        Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{AgentOptions.Section}:Server"] = server.ToString().TrimEnd('/') + "/",
            [$"{AgentOptions.Section}:Token"] = token,
            [$"{AgentOptions.Section}:BufferDirectory"] = buffer ?? $"agent-buffer-{location}",
            [$"{ProbingOptions.Section}:Location"] = location,
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddDownwatchCatalog(catalogDirectory);
        builder.Services.AddProbeAgent();
        configure?.Invoke(builder.Services);
        return builder.Build();
    }
}
