using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace Downwatch.Web.Tests.Notifications;

/// <summary><c>downwatch keys add|list|revoke</c> run as a process, against the database a site then serves.</summary>
public sealed class KeysCommandTests
{
    private static readonly string Executable = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "downwatch.exe" : "downwatch");

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task A_key_from_the_command_line_opens_the_write_api_until_revoked()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("downwatch-keys").FullName, "d.db");
        var db = $"--Storage:SqlitePath={path}";
        var (code, output, err) = await RunAsync("keys", "add", "ci-bot", db);
        Assert.True(code == 0, err);
        var key = output.Trim();
        Assert.StartsWith("dwk_", key, StringComparison.Ordinal);
        var list = (await RunAsync("keys", "list", db)).Out;
        Assert.Contains("ci-bot", list, StringComparison.Ordinal);
        Assert.Contains("active", list, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list, StringComparison.Ordinal);
        Assert.Equal(2, (await RunAsync("keys", "add", "Not A Name", db)).Code);

        await using var site = await NotificationSite.StartAsync(db);
        Assert.Equal(HttpStatusCode.Created, await CreateAsync(site, key));
        Assert.Equal(0, (await RunAsync("keys", "revoke", "ci-bot", db)).Code);
        Assert.Contains("revoked", (await RunAsync("keys", "list", db)).Out, StringComparison.Ordinal);
        Assert.Equal(1, (await RunAsync("keys", "revoke", "ci-bot", db)).Code);
        Assert.Equal(HttpStatusCode.Unauthorized, await CreateAsync(site, key));
    }

    private static async Task<HttpStatusCode> CreateAsync(TestSite site, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/subscriptions")
        {
            Content = JsonContent.Create(new { channel = "discord", url = "http://127.0.0.1:9/hook" }),
        };
        request.Headers.Authorization = new("Bearer", key);
        using var response = await site.Client.SendAsync(request);
        return response.StatusCode;
    }
}
