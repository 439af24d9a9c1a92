using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Downwatch.Web.Tests;

/// <summary>The real <c>downwatch</c> executable, run as a process.</summary>
public class CommandLineTests
{
    private static readonly string Executable = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "downwatch.exe" : "downwatch");

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var process = Process.Start(Start(args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static ProcessStartInfo Start(string[] args)
    {
        var info = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    [Fact]
    public async Task A_broken_catalog_stops_serve_naming_file_line_and_field()
    {
        var dir = Directory.CreateTempSubdirectory("downwatch-badcatalog").FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "catalog"), "*.yaml"))
        {
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        }

        var services = Path.Combine(dir, "services.yaml");
        var lines = File.ReadAllLines(services);
        var index = Array.FindIndex(lines, l => l.TrimStart().StartsWith("homepage:", StringComparison.Ordinal));
        lines[index] = lines[index].Replace("homepage:", "homepgae:", StringComparison.Ordinal);
        File.WriteAllLines(services, lines);

        var (code, _, err) = await RunAsync("serve", "--catalog", dir, "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, code);
        Assert.Contains($"services.yaml:{index + 1}:", err, StringComparison.Ordinal);
        Assert.Contains("services[0].homepgae: unknown field 'homepgae'", err, StringComparison.Ordinal);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Catalog_check_accepts_the_bundled_catalog()
    {
        var (code, output, _) = await RunAsync("catalog", "check");
        Assert.Equal(0, code);
        Assert.Contains("valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_prints_the_timeline_as_json()
    {
        var (code, output, err) = await RunAsync("replay", Path.Combine(AppContext.BaseDirectory, "Scenarios", "partial-outage.yaml"));
        Assert.True(code == 0, err);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("partial outage", json.RootElement.GetProperty("scenario").GetString());
        Assert.NotEmpty(json.RootElement.GetProperty("timeline").EnumerateArray());
    }

    [Fact]
    public async Task Replay_of_a_malformed_scenario_is_a_clear_error()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "start: 2026-03-02T10:00:00Z\nend: [oops\n");
        var (code, _, err) = await RunAsync("replay", file);
        Assert.Equal(2, code);
        Assert.StartsWith("Cannot replay", err, StringComparison.Ordinal);
        File.Delete(file);
    }

    [Fact]
    public async Task An_unknown_command_is_refused()
    {
        var (code, _, err) = await RunAsync("bogus");
        Assert.Equal(1, code);
        Assert.Contains("Unknown command 'bogus'", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feeds_check_prints_what_the_adapter_reads_as_json()
    {
        await using var server = await FeedServer.StartAsync();
        var (code, output, err) = await RunAsync("feeds", "check", server.Address + "/summary.json");
        Assert.True(code == 0, err);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("statuspage", root.GetProperty("format").GetString());
        Assert.Equal("degraded_performance", root.GetProperty("overall").GetString());
        Assert.Equal(6, root.GetProperty("components").GetArrayLength());
        var incident = root.GetProperty("incidents")[0];
        Assert.Equal("Elevated errors on platform.claude.com", incident.GetProperty("title").GetString());
        Assert.Equal(4, incident.GetProperty("updates").GetArrayLength());
        Assert.Equal("investigating", incident.GetProperty("updates")[0].GetProperty("phase").GetString());
    }

    [Fact]
    public async Task Feeds_check_of_an_html_page_or_a_wrong_format_is_a_clear_error()
    {
        await using var server = await FeedServer.StartAsync();
        var (code, _, err) = await RunAsync("feeds", "check", server.Address + "/broken");
        Assert.Equal(2, code);
        Assert.Contains("HTML page", err, StringComparison.Ordinal);
        var (wrong, _, wrongErr) = await RunAsync("feeds", "check", server.Address + "/summary.json", "--format", "rss");
        Assert.Equal(2, wrong);
        Assert.Contains("expected an RSS feed but the content type is 'application/json'", wrongErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_is_the_default_verb_and_honours_urls()
    {
        var port = FreePort();
        var dir = Directory.CreateTempSubdirectory("downwatch-serve").FullName;
        using var process = Process.Start(Start(["--urls", $"http://127.0.0.1:{port}", $"--Storage:SqlitePath={Path.Combine(dir, "d.db")}", "--OfficialStatus:Enabled=false"]))!;
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            HttpResponseMessage? response = null;
            for (var attempt = 0; attempt < 100 && response is null; attempt++)
            {
                try
                {
                    response = await client.GetAsync("/is-openai-down");
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200);
                }
            }

            Assert.NotNull(response);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("We can&#x27;t tell yet", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(dir, "d.db")));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
