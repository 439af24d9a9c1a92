using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Downwatch.TestSupport;
using Npgsql;

namespace Downwatch.Web.Tests.Hardening;

/// <summary>
/// PostgreSQL lost while <c>downwatch serve</c> runs (a relay in front of the real server drops every connection and
/// refuses new ones), then back: pages visited before serve on (as last rendered), readiness and report writes say the database is gone instead of
/// acknowledging what they cannot keep, and the node recovers without a restart.
/// </summary>
public class PostgresLostTests
{
    [PostgresFact]
    public async Task Pages_serve_on_writes_are_refused_and_the_node_recovers_without_a_restart()
    {
        var server = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(PostgresFactAttribute.ConnectionVariable)!);
        await using var database = await ScratchDatabase.CreateAsync(server.ConnectionString, "downwatch_lost_");
        var address = (await Dns.GetHostAddressesAsync(server.Host ?? "127.0.0.1")).First();
        await using var relay = new TcpRelay(new IPEndPoint(address, server.Port));
        var through = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = relay.Port, Timeout = 3, CommandTimeout = 5 };
        using var process = Process.Start(CommandLineTests.Start(["--Storage:Provider=postgres", $"--ConnectionStrings:Postgres={through.ConnectionString}",
            "--urls", "http://127.0.0.1:0", "--Probing:Enabled=false", "--OfficialStatus:Enabled=false", "--Status:EvaluationInterval=00:00:02"]))!;
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(await PostgresCommandLineTests.ListeningAddressAsync(process)), Timeout = TimeSpan.FromSeconds(30) };
            // One reporter counts once per service and hour, so each report is for another service.
            async Task<string> Report(string service, string note)
            {
                using var answer = await client.PostAsJsonAsync($"/api/status/{service}/reports", new { category = "api-errors", note });
                return answer.StatusCode == HttpStatusCode.OK
                    ? (await answer.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("outcome").GetString()!
                    : $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}";
            }

            async Task<HttpStatusCode> Ready() => (await client.GetAsync("/readyz")).StatusCode;

            Assert.Equal("stored", await Report("openai", "before the loss"));
            var pages = new[] { "/", "/is-openai-down", "/status/openai", "/zh-CN/status/openai", "/api/v1/services" };
            foreach (var page in pages)
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(page)).StatusCode);
            }

            await Eventually.TrueAsync(async () => await Ready() == HttpStatusCode.OK, "ready before the loss");

            relay.Cut();
            // A report is never acknowledged while it cannot be kept.
            Assert.StartsWith("503 ", await Report("anthropic", "during the loss"), StringComparison.Ordinal);
            await Eventually.TrueAsync(async () => await Ready() == HttpStatusCode.ServiceUnavailable, "/readyz unhealthy while the database is lost");
            foreach (var page in pages)
            {
                using var answer = await client.GetAsync(page);
                Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{page} answered {(int)answer.StatusCode} while the database is lost");
            }

            // No round can be published without the database: after three intervals the pages say since when the statuses
            // are old — those rendered anew and those served as last rendered alike.
            await Eventually.TrueAsync(async () => (await client.GetStringAsync("/")).Contains("class=\"banner stale\"", StringComparison.Ordinal),
                "the stale notice on the home page while the database is lost");
            foreach (var page in pages.Where(p => p != "/api/v1/services"))
            {
                using var answer = await client.GetAsync(page);
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                Assert.Contains("class=\"banner stale\"", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            relay.Restore();
            await Eventually.TrueAsync(async () => !(await client.GetStringAsync("/status/openai")).Contains("banner stale", StringComparison.Ordinal),
                "the stale notice gone once rounds are published again");
            await Eventually.TrueAsync(async () => await Report("google-gemini", "after the loss") == "stored", "a report stored again once the database is back");
            await Eventually.TrueAsync(async () => await Ready() == HttpStatusCode.OK, "/readyz healthy again without a restart");
            Assert.False(process.HasExited);

            await using var check = new NpgsqlConnection(database.ConnectionString);
            await check.OpenAsync();
            await using var notes = new NpgsqlCommand("SELECT note FROM reports ORDER BY note", check);
            var stored = new List<string>();
            await using (var reader = await notes.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    stored.Add(reader.GetString(0));
                }
            }

            Assert.Contains("before the loss", stored);
            Assert.Contains("after the loss", stored);
            Assert.DoesNotContain("during the loss", stored);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
