using System.Collections.Concurrent;
using System.Diagnostics;
using Downwatch.TestSupport;

namespace Downwatch.Web.Tests;

/// <summary>The catalog reloaded in a running <c>downwatch serve</c> process, by SIGHUP as README documents it.</summary>
public sealed class CatalogReloadTests
{
    private const string Original = "slug: deepseek\n    name: DeepSeek\n";
    private const string Renamed = "slug: deepseek\n    name: DeepSeek Reloaded\n";

    [Fact]
    public async Task Sighup_reloads_a_valid_catalog_in_the_same_process_and_a_broken_one_changes_nothing()
    {
        await using var server = await Server.StartAsync();
        await server.ExplainingFailuresAsync(async () =>
        {
            Assert.DoesNotContain("DeepSeek Reloaded", await server.Client.GetStringAsync("/status/deepseek"), StringComparison.Ordinal);

            await server.RenameDeepSeekAsync();
            await server.HangUpAsync();
            await server.ShowsTheRenameAsync();
            Assert.False(server.Process.HasExited);
            Assert.Equal([server.Address, server.Address], server.Listening());

            await File.WriteAllTextAsync(server.Services, "services:\n  - slug: deepseek\n    name: [unclosed\n");
            await server.HangUpAsync();
            await Eventually.TrueAsync(() => server.Lines.Any(l => l.Contains("the site keeps the one it runs on", StringComparison.Ordinal)),
                "the broken catalog refused");
            Assert.Contains(server.Lines, l => l.Contains("services.yaml:", StringComparison.Ordinal));
            Assert.Contains("DeepSeek Reloaded", await server.Client.GetStringAsync("/status/deepseek"), StringComparison.Ordinal);
            Assert.False(server.Process.HasExited);
            Assert.Equal(2, server.Listening().Count);
        });
    }

    [Fact]
    public async Task A_burst_of_hang_ups_is_a_few_checks_and_never_ends_the_process()
    {
        await using var server = await Server.StartAsync();
        await server.ExplainingFailuresAsync(async () =>
        {
            await server.RenameDeepSeekAsync();
            const int hangUps = 30;
            for (var i = 0; i < hangUps; i++)
            {
                await server.HangUpAsync(); // later ones land while the first is checked and the hosts change
            }

            await server.ShowsTheRenameAsync();
            Assert.False(server.Process.HasExited);
            Assert.All(server.Listening(), a => Assert.Equal(server.Address, a));

            // Each check reads and validates every file: a signal each would keep the site restarting long after the burst.
            var checks = server.Lines.Count(l => l.Contains("is valid (", StringComparison.Ordinal));
            Assert.InRange(checks, 1, hangUps / 3);
        });
    }

    /// <summary>A <c>downwatch serve</c> process on a copy of the bundled catalog, with everything it writes kept.</summary>
    private sealed class Server : IAsyncDisposable
    {
        private readonly Task _reading;

        private Server(Process process, string services)
        {
            Process = process;
            Services = services;
            _reading = Task.WhenAll(Read(process.StandardOutput, ""), Read(process.StandardError, "stderr: "));
        }

        public Process Process { get; }

        public string Services { get; }

        public ConcurrentQueue<string> Lines { get; } = new();

        public string Address { get; private set; } = "";

        public HttpClient Client { get; private set; } = new();

        public static async Task<Server> StartAsync()
        {
            var dir = Directory.CreateTempSubdirectory("downwatch-reload").FullName;
            var catalog = Path.Combine(dir, "catalog");
            Directory.CreateDirectory(catalog);
            foreach (var file in new[] { "services.yaml", "errors.yaml" })
            {
                File.Copy(Path.Combine(AppContext.BaseDirectory, "catalog", file), Path.Combine(catalog, file));
            }

            var serve = CommandLineTests.Start(["--catalog", catalog, "--urls", "http://127.0.0.1:0",
                $"--Storage:SqlitePath={Path.Combine(dir, "d.db")}", "--Probing:Enabled=false", "--OfficialStatus:Enabled=false"]);
            // A process started under nohup (as a test run may be) inherits SIGHUP ignored, and the runtime keeps it
            // ignored — as it should for a daemon started that way. The server under test starts with the default.
            serve.ArgumentList.Insert(0, serve.FileName);
            serve.ArgumentList.Insert(0, "--default-signal=HUP");
            serve.FileName = "env";
            var server = new Server(Process.Start(serve)!, Path.Combine(catalog, "services.yaml"));
            await server.ExplainingFailuresAsync(() => Eventually.TrueAsync(() => server.Listening().Count > 0, "the server listening"));
            server.Address = server.Listening()[0];
            server.Client = new HttpClient { BaseAddress = new Uri(server.Address), Timeout = TimeSpan.FromSeconds(10) };
            return server;
        }

        public async Task RenameDeepSeekAsync()
        {
            var yaml = await File.ReadAllTextAsync(Services);
            Assert.Contains(Original, yaml, StringComparison.Ordinal);
            await File.WriteAllTextAsync(Services, yaml.Replace(Original, Renamed, StringComparison.Ordinal));
        }

        public async Task HangUpAsync()
        {
            using var kill = Process.Start("kill", ["-HUP", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }

        /// <summary>Waits for DeepSeek's page to show the renamed catalog; connections are refused while the server
        /// changes hosts.</summary>
        public Task ShowsTheRenameAsync() => Eventually.TrueAsync(async () =>
        {
            try
            {
                return (await Client.GetStringAsync("/status/deepseek")).Contains("DeepSeek Reloaded", StringComparison.Ordinal);
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the page showing the reloaded catalog");

        public List<string> Listening() =>
            [.. Lines.Select(l => l.IndexOf("Now listening on: ", StringComparison.Ordinal) is var at and >= 0 ? l[(at + "Now listening on: ".Length)..].Trim() : null)
                .OfType<string>()];

        /// <summary>Runs <paramref name="steps"/>; a failure says whether the process still runs and what it wrote.</summary>
        public async Task ExplainingFailuresAsync(Func<Task> steps)
        {
            try
            {
                await steps();
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"{e.Message}\nexited: {Process.HasExited}; the server said:\n{string.Join('\n', Lines)}", e);
            }
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
            await _reading;
            Process.Dispose();
        }

        private Task Read(StreamReader reader, string prefix) => Task.Run(async () =>
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                Lines.Enqueue(prefix + line);
            }
        });
    }
}
