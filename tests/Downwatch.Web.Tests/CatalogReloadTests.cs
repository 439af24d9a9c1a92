using System.Collections.Concurrent;
using System.Diagnostics;
using Downwatch.TestSupport;

namespace Downwatch.Web.Tests;

/// <summary>The catalog reloaded in a running <c>downwatch serve</c> process, by SIGHUP as README documents it.</summary>
public sealed class CatalogReloadTests
{
    [Fact]
    public async Task Sighup_reloads_a_valid_catalog_in_the_same_process_and_a_broken_one_changes_nothing()
    {
        var dir = Directory.CreateTempSubdirectory("downwatch-reload").FullName;
        var catalog = Path.Combine(dir, "catalog");
        Directory.CreateDirectory(catalog);
        foreach (var file in new[] { "services.yaml", "errors.yaml" })
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "catalog", file), Path.Combine(catalog, file));
        }

        using var process = Process.Start(CommandLineTests.Start(["--catalog", catalog, "--urls", "http://127.0.0.1:0",
            $"--Storage:SqlitePath={Path.Combine(dir, "d.db")}", "--Probing:Enabled=false", "--OfficialStatus:Enabled=false"]))!;
        var lines = new ConcurrentQueue<string>();
        var reading = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                lines.Enqueue(line);
            }
        });
        _ = process.StandardError.ReadToEndAsync();
        try
        {
            await Eventually.TrueAsync(() => lines.Any(l => l.Contains("Now listening on: ", StringComparison.Ordinal)), "the server listening");
            var address = Listening(lines).Single();
            using var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(10) };
            Assert.DoesNotContain("DeepSeek Reloaded", await client.GetStringAsync("/status/deepseek"), StringComparison.Ordinal);

            var services = Path.Combine(catalog, "services.yaml");
            var yaml = await File.ReadAllTextAsync(services);
            Assert.Contains("slug: deepseek\n    name: DeepSeek\n", yaml, StringComparison.Ordinal);
            await File.WriteAllTextAsync(services, yaml.Replace("slug: deepseek\n    name: DeepSeek\n", "slug: deepseek\n    name: DeepSeek Reloaded\n", StringComparison.Ordinal));
            await HangUpAsync(process);
            await Eventually.TrueAsync(async () => (await TryGetAsync(client, "/status/deepseek"))?.Contains("DeepSeek Reloaded", StringComparison.Ordinal) == true,
                "the page showing the reloaded catalog");
            Assert.False(process.HasExited);
            Assert.Equal([address, address], Listening(lines));

            await File.WriteAllTextAsync(services, "services:\n  - slug: deepseek\n    name: [unclosed\n");
            await HangUpAsync(process);
            await Eventually.TrueAsync(() => lines.Any(l => l.Contains("the site keeps the one it runs on", StringComparison.Ordinal)),
                "the broken catalog refused");
            Assert.Contains(lines, l => l.Contains("services.yaml:", StringComparison.Ordinal));
            Assert.Contains("DeepSeek Reloaded", await client.GetStringAsync("/status/deepseek"), StringComparison.Ordinal);
            Assert.False(process.HasExited);
            Assert.Equal(2, Listening(lines).Count);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            await reading;
        }
    }

    private static List<string> Listening(IEnumerable<string> lines) =>
        [.. lines.Select(l => l.IndexOf("Now listening on: ", StringComparison.Ordinal) is var at and >= 0 ? l[(at + "Now listening on: ".Length)..].Trim() : null)
            .OfType<string>()];

    private static async Task HangUpAsync(Process process)
    {
        using var kill = Process.Start("kill", ["-HUP", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>The page's text, or null while the server is between two hosts (connection refused).</summary>
    private static async Task<string?> TryGetAsync(HttpClient client, string path)
    {
        try
        {
            return await client.GetStringAsync(path);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
