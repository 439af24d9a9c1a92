using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Dapper;
using Downwatch.Probing.Agent;
using Downwatch.Storage;
using Downwatch.Storage.Sql;
using Downwatch.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Downwatch.TestSupport;

namespace Downwatch.Web.Tests;

/// <summary>A remote probe agent against a real server that is stopped and restarted under it.</summary>
public sealed class AgentTests : IAsyncLifetime
{
    private WebApplication _upstream = default!;
    private string _dir = "";

    public async Task InitializeAsync()
    {
        _upstream = await AcmeCatalog.StartUpstreamAsync();
        _dir = Directory.CreateTempSubdirectory("downwatch-agent").FullName;
        Directory.CreateDirectory(Path.Combine(_dir, "catalog"));
        AcmeCatalog.Write(Path.Combine(_dir, "catalog"), _upstream.Urls.First(), _upstream.Urls.First());
    }

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, true);
    }

    private Task<TestSite> ServerAsync(int port) => TestSite.StartAsync(Path.Combine(_dir, "catalog"),
        $"--urls=http://127.0.0.1:{port}", $"--Storage:SqlitePath={Path.Combine(_dir, "server.db")}");

    private async Task<long> StoredAsync(string sql)
    {
        var factory = new SqliteConnectionFactory(Path.Combine(_dir, "server.db"));
        await using var connection = await factory.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private static Task AdvanceUntilAsync(FakeTimeProvider time, Func<Task<bool>> done) =>
        Eventually.TrueAsync(done, "the agent's results or buffer", betweenLooks: () => time.Advance(TimeSpan.FromSeconds(20)));

    [Fact]
    public async Task Results_buffered_while_the_server_is_down_arrive_once_it_is_back_without_loss_or_duplicates()
    {
        var port = FreePort();
        var server = await ServerAsync(port);
        var token = await server.Services.GetRequiredService<IAgentTokenStore>().IssueAsync("agent-one", server.Time.GetUtcNow());
        var agentTime = new FakeTimeProvider(TestSite.Start);
        using var agent = AgentHost.Build(
            ["--Probing:ControlChecks:DnsNames:0=localhost", $"--Probing:ControlChecks:Urls:0={_upstream.Urls.First()}/", "--Logging:LogLevel:Default=Warning"],
            new Uri($"http://127.0.0.1:{port}"), token, "agent-one", Path.Combine(_dir, "buffer"), Path.Combine(_dir, "catalog"),
            services => services.AddSingleton<TimeProvider>(agentTime));
        var buffer = agent.Services.GetRequiredService<DiskBuffer>();
        await agent.StartAsync();

        // 1. The server is up: results flow.
        await AdvanceUntilAsync(agentTime, async () => await StoredAsync("SELECT COUNT(*) FROM probe_results") >= 2);

        // 2. The server goes away: the agent keeps probing into its disk buffer.
        await server.DisposeAsync();
        var writtenWhileDown = buffer.Written;
        await AdvanceUntilAsync(agentTime, () => Task.FromResult(buffer.Written >= writtenWhileDown + 6));

        // 3. The server comes back on the same address and database: the buffer drains.
        await using var again = await ServerAsync(port);
        await AdvanceUntilAsync(agentTime, () => Task.FromResult(buffer.Segments().Count == 0 && buffer.Written > writtenWhileDown + 6));
        await agent.StopAsync();
        await agent.Services.GetRequiredService<ResultUploader>().UploadAllAsync(CancellationToken.None);

        var lines = Directory.GetFiles(Path.Combine(_dir, "buffer"), "*.jsonl");
        Assert.Empty(lines);
        var probes = await StoredAsync("SELECT COUNT(*) FROM probe_results");
        var checks = await StoredAsync("SELECT COUNT(*) FROM location_checks");
        Assert.Equal(probes, await StoredAsync("SELECT COUNT(DISTINCT result_id) FROM probe_results"));
        Assert.Equal(buffer.Written, probes + checks);
        Assert.Equal(0, await StoredAsync("SELECT COUNT(*) FROM probe_results WHERE location <> 'agent-one'"));
    }

    [Fact]
    public async Task Tokens_are_stored_hashed_and_a_revoked_token_is_refused()
    {
        var port = FreePort();
        await using var server = await ServerAsync(port);
        var tokens = server.Services.GetRequiredService<IAgentTokenStore>();
        var token = await tokens.IssueAsync("agent-two", server.Time.GetUtcNow());
        Assert.StartsWith("dwa_", token, StringComparison.Ordinal);
        Assert.Equal(0, await StoredAsync($"SELECT COUNT(*) FROM agent_tokens WHERE token_hash = '{token}'"));
        Assert.Equal(1, await StoredAsync($"SELECT COUNT(*) FROM agent_tokens WHERE token_hash = '{SqlAgentTokenStore.Hash(token)}'"));

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var assignment = await client.GetStringAsync(AgentClient.AssignmentPath);
        Assert.Contains("/v1/models", assignment, StringComparison.Ordinal);

        Assert.True(await tokens.RevokeAsync("agent-two", server.Time.GetUtcNow()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(AgentClient.AssignmentPath)).StatusCode);
        client.DefaultRequestHeaders.Authorization = null;
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(AgentClient.AssignmentPath)).StatusCode);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
