using System.Diagnostics;
using System.Globalization;
using Downwatch.Storage;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Downwatch.TestSupport;

namespace Downwatch.Web.Tests;

/// <summary>The real <c>downwatch</c> executable, run as a process.</summary>
public class CommandLineTests
{
    private static readonly string Executable = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "downwatch.exe" : "downwatch");

    internal static Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    internal static async Task<(int Code, string Out, string Err)> RunWithInputAsync(string? input, params string[] args)
    {
        var info = Start(args);
        info.RedirectStandardInput = input is not null;
        using var process = Process.Start(info)!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    internal static ProcessStartInfo Start(string[] args)
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
    public async Task A_key_ring_certificate_that_cannot_be_read_stops_serve_naming_the_setting()
    {
        var dir = Directory.CreateTempSubdirectory("downwatch-ring").FullName;
        var missing = Path.Combine(dir, "ring.pfx");
        var (code, _, err) = await RunAsync("serve", "--urls", "http://127.0.0.1:0", $"--Storage:SqlitePath={Path.Combine(dir, "d.db")}",
            $"--Storage:KeyRingCertificate={missing}");
        Assert.NotEqual(0, code);
        Assert.Contains($"Storage:KeyRingCertificate '{missing}' cannot be read", err, StringComparison.Ordinal);
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
    public async Task Locations_issue_list_and_revoke_agent_tokens()
    {
        var db = $"--Storage:SqlitePath={Path.Combine(Directory.CreateTempSubdirectory("downwatch-locations").FullName, "d.db")}";
        var (code, token, _) = await RunAsync("locations", "add", "eu-west", db);
        Assert.Equal(0, code);
        Assert.StartsWith("dwa_", token.Trim(), StringComparison.Ordinal);
        Assert.Contains("eu-west", (await RunAsync("locations", "list", db)).Out, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("locations", "revoke", "eu-west", db)).Code);
        Assert.Contains("revoked", (await RunAsync("locations", "list", db)).Out, StringComparison.Ordinal);
        Assert.Equal(2, (await RunAsync("locations", "add", "Not A Name", db)).Code);
    }

    [Fact]
    public async Task Admins_add_prints_a_one_time_password_list_shows_roles_and_remove_removes()
    {
        var db = $"--Storage:SqlitePath={Path.Combine(Directory.CreateTempSubdirectory("downwatch-admins").FullName, "d.db")}";
        var (code, password, err) = await RunAsync("admins", "add", "ada", db);
        Assert.True(code == 0, err);
        Assert.Matches("^[A-Za-z0-9_-]{24}$", password.Trim());
        Assert.Contains("Sign in at /admin/sign-in as 'ada'", err, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("admins", "add", "erin", "--role", "editor", db)).Code);
        var listed = (await RunAsync("admins", "list", db)).Out;
        Assert.Contains("ada\tadmin", listed, StringComparison.Ordinal);
        Assert.Contains("erin\teditor", listed, StringComparison.Ordinal);
        Assert.Equal(2, (await RunAsync("admins", "add", "Ada!", db)).Code);
        var (badRole, _, roleErr) = await RunAsync("admins", "add", "bob", "--role", "owner", db);
        Assert.Equal(2, badRole);
        Assert.Contains("owner", roleErr, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("admins", "remove", "erin", db)).Code);
        Assert.Equal(1, (await RunAsync("admins", "remove", "erin", db)).Code);
        Assert.DoesNotContain("erin", (await RunAsync("admins", "list", db)).Out, StringComparison.Ordinal);
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
        server.Next = "statuspage-v2-summary__claude-console-degraded.json";
        var (code, output, err) = await RunAsync("feeds", "check", server.Url("/feed"));
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
        server.Next = "html";
        var (code, _, err) = await RunAsync("feeds", "check", server.Url("/feed"));
        Assert.Equal(2, code);
        Assert.Contains("HTML page", err, StringComparison.Ordinal);
        server.Next = "statuspage-v2-summary__claude-console-degraded.json";
        var (wrong, _, wrongErr) = await RunAsync("feeds", "check", server.Url("/feed"), "--format", "rss");
        Assert.Equal(2, wrong);
        Assert.Contains("expected an RSS feed but the content type is 'application/json", wrongErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_is_the_default_verb_and_honours_urls()
    {
        var port = FreePort();
        var dir = Directory.CreateTempSubdirectory("downwatch-serve").FullName;
        using var process = Process.Start(Start(["--urls", $"http://127.0.0.1:{port}", $"--Storage:SqlitePath={Path.Combine(dir, "d.db")}", "--Probing:Enabled=false", "--OfficialStatus:Enabled=false"]))!;
        try
        {
            var address = await PostgresCommandLineTests.ListeningAddressAsync(process);
            Assert.Equal($"http://127.0.0.1:{port}", address);
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            var response = await client.GetAsync("/is-openai-down");
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

    [Theory]
    [InlineData("{0}")]
    [InlineData("{0}/")]
    [InlineData("--server={0}")]
    [InlineData("localhost")]
    public async Task Agent_starts_as_readme_documents_it_and_its_results_reach_the_server(string form)
    {
        var dir = Directory.CreateTempSubdirectory("downwatch-agent-cli").FullName;
        await using var site = await TestSite.StartAsync();
        var address = site.Client.BaseAddress!.ToString().TrimEnd('/');
        if (form == "localhost")
        {
            address = address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
            form = "{0}";
        }

        var token = await site.Services.GetRequiredService<IAgentTokenStore>().IssueAsync("tokyo", site.Time.GetUtcNow());
        string[] server = form.StartsWith("--", StringComparison.Ordinal) ? [string.Format(CultureInfo.InvariantCulture, form, address)] : ["--server", string.Format(CultureInfo.InvariantCulture, form, address)];
        using var agent = Process.Start(Start(["agent", .. server, "--token", token, "--location", "tokyo", "--buffer", Path.Combine(dir, "buffer"),
            "--Probing:ControlChecks:DnsNames:0=localhost", $"--Probing:ControlChecks:Urls:0={address}/healthz"]))!;
        var stderr = agent.StandardError.ReadToEndAsync();
        _ = agent.StandardOutput.ReadToEndAsync();
        try
        {
            var checks = site.Services.GetRequiredService<IObservationStore>();
            var arrived = false;
            await Eventually.ReachedAsync(async () => agent.HasExited || (arrived = (await checks.ReadAsync(DateTimeOffset.UnixEpoch,
                DateTimeOffset.UnixEpoch.AddYears(200))).LocationChecks.Any(c => c.Location == "tokyo")));

            Assert.False(agent.HasExited, "the agent exited: " + (agent.HasExited ? await stderr : ""));
            Assert.True(arrived, "no control check from the agent reached the server");
        }
        finally
        {
            agent.Kill(entireProcessTree: true);
            await agent.WaitForExitAsync();
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1:5080")]
    [InlineData("127.0.0.1:5080")]
    public async Task Agent_with_a_bad_server_address_exits_2_with_a_clear_message(string value)
    {
        var (code, _, err) = await RunAsync("agent", "--server", value, "--token", "dwa_x", "--location", "tokyo");
        Assert.Equal(2, code);
        Assert.Contains($"--server: '{value}' is not the http:// or https:// address of a Downwatch server", err, StringComparison.Ordinal);
        Assert.Contains("Run 'downwatch agent --help'", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_without_its_required_options_exits_2_naming_them()
    {
        var (code, _, err) = await RunAsync("agent", "--server", "http://127.0.0.1:5080");
        Assert.Equal(2, code);
        Assert.Contains("--token", err, StringComparison.Ordinal);
        Assert.Contains("--location", err, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Diagnose_prints_provider_error_and_verdict_and_says_live_status_is_unknown()
    {
        var (code, output, err) = await RunAsync("diagnose", "{\"error_code\":110,\"error_msg\":\"Access token invalid or no longer valid\"}");
        Assert.True(code == 0, err);
        Assert.Contains("Verdict:      Your side", output, StringComparison.Ordinal);
        Assert.Contains("(baidu-ernie)", output, StringComparison.Ordinal);
        Assert.Contains("(authentication-failed)", output, StringComparison.Ordinal);
        Assert.Contains("Live status unknown", output, StringComparison.Ordinal);
        Assert.Contains("Confidence:   high", output, StringComparison.Ordinal);
        Assert.DoesNotContain("To decide:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_says_what_would_decide_when_it_cannot_tell_and_no_http_answer_for_a_network_failure()
    {
        var (code, output, err) = await RunAsync("diagnose", "the sidebar did not render");
        Assert.True(code == 0, err);
        Assert.Contains("To decide:", output, StringComparison.Ordinal);
        Assert.Contains("would decide it", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Confidence:", output, StringComparison.Ordinal);

        (code, output, err) = await RunAsync("diagnose", "Error: connect ECONNREFUSED 127.0.0.1:11434");
        Assert.True(code == 0, err);
        Assert.Contains("HTTP status:  none: no HTTP answer came back", output, StringComparison.Ordinal);
        Assert.Contains("No HTTP answer came back: probably your network or proxy, unless the live status shows an outage.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_reads_standard_input_and_prints_json()
    {
        const string text = "anthropic.RateLimitError: Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'This request would exceed the rate limit for your organization of 40,000 input tokens per minute.'}}";
        var (code, output, err) = await RunWithInputAsync(text, "diagnose", "--json");
        Assert.True(code == 0, err);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("anthropic", json.RootElement.GetProperty("provider").GetString());
        Assert.Equal("rate-limit-exceeded", json.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("your-side", json.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(429, json.RootElement.GetProperty("httpStatus").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("live").ValueKind);
        Assert.Equal("high", json.RootElement.GetProperty("confidence").GetString());
        Assert.False(json.RootElement.GetProperty("noHttpAnswer").GetBoolean());
    }

    [Fact]
    public async Task Diagnose_json_keeps_null_fields_when_it_cannot_tell()
    {
        var (code, output, _) = await RunAsync("diagnose", "--json", "the sidebar did not render");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("provider").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("errorType").ValueKind);
        Assert.Equal("could-not-tell", json.RootElement.GetProperty("verdict").GetString());
        Assert.Equal("none", json.RootElement.GetProperty("confidence").GetString());
        Assert.Contains("would decide it", json.RootElement.GetProperty("whatWouldDecide").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_names_the_gateway_an_error_came_through()
    {
        var (code, output, err) = await RunAsync("diagnose", "litellm.RateLimitError: AnthropicException - {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of request tokens has exceeded your per-minute rate limit\"}}");
        Assert.True(code == 0, err);
        Assert.Contains("Via:          LiteLLM", output, StringComparison.Ordinal);
        Assert.Contains("(anthropic)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Upstream:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_without_text_is_refused()
    {
        var (code, _, err) = await RunWithInputAsync("", "diagnose");
        Assert.Equal(1, code);
        Assert.Contains("Nothing to diagnose", err, StringComparison.Ordinal);
    }
}
