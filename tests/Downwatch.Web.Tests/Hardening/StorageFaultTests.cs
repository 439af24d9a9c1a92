using System.Net;
using System.Net.Http.Json;
using Downwatch.Status;
using Downwatch.Storage.Faults;
using Downwatch.Storage.Sql;
using Downwatch.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Downwatch.Web.Tests.Hardening;

/// <summary>Real SQLite files deleted, replaced, made unwritable or corrupt: never an acknowledgement for a lost write,
/// never a 500, never a stopped host, and /readyz says what is wrong.</summary>
public class StorageFaultTests
{
    [Fact]
    public async Task A_database_file_deleted_while_serving_stops_writes_with_503_and_readiness_says_so()
    {
        Assert.True(DatabaseFileIdentity.Supported, "this test needs statx (Linux)");
        await using var site = await TestSite.StartAsync();
        Assert.Equal("stored", await ReportAsync(site, "openai"));
        await AssertReadyAsync(site);

        var path = ((SqliteConnectionFactory)site.Services.GetRequiredService<IConnectionFactory>()).Path;
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists))
        {
            File.Delete(file);
        }

        using var refused = await site.Client.PostAsJsonAsync("/api/status/anthropic/reports", new { category = "api-errors" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("could not be stored", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var (status, text) = await ReadyAsync(site);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("was deleted or replaced", text, StringComparison.Ordinal);
        Assert.Contains(path, text, StringComparison.Ordinal);
        Assert.False(File.Exists(path), "nothing may recreate the file behind the running process");
    }

    [Fact]
    public async Task A_database_file_replaced_while_serving_is_noticed_and_nothing_is_written_to_either_file()
    {
        await using var site = await TestSite.StartAsync();
        Assert.Equal("stored", await ReportAsync(site, "openai"));
        var token = await site.Services.GetRequiredService<Downwatch.Storage.IAgentTokenStore>().IssueAsync("tokyo", site.Time.GetUtcNow());
        var path = ((SqliteConnectionFactory)site.Services.GetRequiredService<IConnectionFactory>()).Path;
        File.Copy(path, path + ".copy");
        File.Move(path + ".copy", path, overwrite: true); // the same bytes, another file

        using var refused = await site.Client.PostAsJsonAsync("/api/status/anthropic/reports", new { category = "api-errors" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);

        // Another writer, an agent's batch, is refused 503 with the reason as well, never 500.
        using var batch = new HttpRequestMessage(HttpMethod.Post, "/api/agent/v1/results") { Content = JsonContent.Create(new { probes = Array.Empty<object>(), checks = Array.Empty<object>() }) };
        batch.Headers.Authorization = new("Bearer", token);
        using var agent = await site.Client.SendAsync(batch);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, agent.StatusCode);
        Assert.Contains("was deleted or replaced", await agent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var (status, text) = await ReadyAsync(site);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("was deleted or replaced", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_that_cannot_be_rendered_anew_while_the_database_fails_is_served_as_last_rendered()
    {
        await using var site = await TestSite.StartAsync();
        using (var first = await site.Client.GetAsync("/status/openai"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        // The service page reads incidents from the database; with that read failing and the statuses moved on, a new
        // render fails: the page rendered before is served instead of a 503.
        await ExecuteAsync(site, "ALTER TABLE incidents RENAME TO incidents_away");
        site.Services.GetRequiredService<Downwatch.Status.StatusBoard>().Republished();
        using (var again = await site.Client.GetAsync("/status/openai"))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Contains("OpenAI", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A page never rendered has nothing to fall back on: 503, saying the database is unavailable.
        using (var never = await site.Client.GetAsync("/status/anthropic"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, never.StatusCode);
        }

        await ExecuteAsync(site, "ALTER TABLE incidents_away RENAME TO incidents");
    }

    [Fact]
    public async Task Pages_say_since_when_statuses_are_old_while_rounds_fail_and_stop_saying_it_once_one_succeeds()
    {
        await using var site = await TestSite.StartAsync();
        static bool Stale(AngleSharp.Dom.IDocument page) => page.QuerySelector(".banner.stale") is not null;
        Assert.False(Stale(await site.PageAsync("/status/openai")));

        // Rounds fail (10-minute interval here); after three intervals without one the pages say so, in both languages.
        var published = site.Services.GetRequiredService<Downwatch.Status.StatusBoard>().PublishedAt;
        await ExecuteAsync(site, "ALTER TABLE status_rounds RENAME TO status_rounds_away");
        await Eventually.TrueAsync(async () => Stale(await site.PageAsync("/status/openai")), "the stale notice on the service page",
            betweenLooks: () => site.Time.Advance(TimeSpan.FromMinutes(5)));
        var notice = (await site.PageAsync("/")).QuerySelector(".banner.stale")!;
        Assert.Equal(Downwatch.Web.Pages.Formatting.Iso(published), notice.GetAttribute("data-stale"));
        Assert.Contains("have not been updated since", notice.TextContent, StringComparison.Ordinal);
        Assert.Contains("起未再更新", (await site.PageAsync("/zh-CN/status/openai")).QuerySelector(".banner.stale")!.TextContent, StringComparison.Ordinal);

        await ExecuteAsync(site, "ALTER TABLE status_rounds_away RENAME TO status_rounds");
        await Eventually.TrueAsync(async () => !Stale(await site.PageAsync("/status/openai")), "the notice gone once a round is published",
            betweenLooks: () => site.Time.Advance(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task A_failed_write_makes_readiness_fail_until_a_write_succeeds_again()
    {
        await using var site = await TestSite.StartAsync();
        await ExecuteAsync(site, "ALTER TABLE reports RENAME TO reports_away");
        Assert.Equal("503", await ReportAsync(site, "openai"));
        var (status, text) = await ReadyAsync(site);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("The last write failed", text, StringComparison.Ordinal);

        await ExecuteAsync(site, "ALTER TABLE reports_away RENAME TO reports");
        Assert.Equal("stored", await ReportAsync(site, "openai"));
        await AssertReadyAsync(site);
    }

    [Fact]
    public async Task A_failing_status_loop_is_reported_in_readiness_retried_and_never_stops_the_host()
    {
        await using var site = await TestSite.StartAsync();
        await ExecuteAsync(site, "ALTER TABLE status_rounds RENAME TO status_rounds_away");
        await Eventually.TrueAsync(async () => (await ReadyAsync(site)).Text.Contains($"'{AssessmentLoop.Name}' failed", StringComparison.Ordinal),
            "the failing status rounds shown in /readyz", betweenLooks: () => site.Time.Advance(TimeSpan.FromMinutes(1)));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await ReadyAsync(site)).Status);
        using (var page = await site.Client.GetAsync("/status/openai"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode); // the host serves on, with the statuses it last published
        }

        await ExecuteAsync(site, "ALTER TABLE status_rounds_away RENAME TO status_rounds");
        await Eventually.TrueAsync(async () => (await ReadyAsync(site)).Status == HttpStatusCode.OK,
            "readiness back once a round succeeds", betweenLooks: () => site.Time.Advance(TimeSpan.FromMinutes(1)));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("corrupt-middle")]
    public async Task A_corrupt_database_at_start_is_one_line_naming_the_path_and_what_to_do_with_exit_code_2(string kind)
    {
        var dir = Directory.CreateTempSubdirectory("downwatch-corrupt").FullName;
        var path = Path.Combine(dir, "d.db");
        if (kind == "garbage")
        {
            await File.WriteAllBytesAsync(path, [.. Enumerable.Range(0, 64 * 1024).Select(i => (byte)(i * 37 % 251))]);
        }
        else
        {
            // A real database (made by a first start), then its schema page overwritten.
            var first = await CommandLineTests.RunAsync("keys", "add", "first", $"--Storage:SqlitePath={path}");
            Assert.Equal(0, first.Code);
            await using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
            {
                file.Seek(100, SeekOrigin.Begin);
                file.Write(new byte[4000].Select((_, i) => (byte)(i % 7 + 1)).ToArray());
            }
        }

        var (code, output, error) = await CommandLineTests.RunAsync("serve", "--urls", "http://127.0.0.1:0", $"--Storage:SqlitePath={path}",
            "--Probing:Enabled=false", "--OfficialStatus:Enabled=false", "--Logging:LogLevel:Default=None");
        Assert.Equal(2, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line, got: {error}{output}");
        Assert.Contains(path, lines[0], StringComparison.Ordinal);
        Assert.Contains("Restore the file from a backup", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Data Source", error + output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", error + output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_corrupt_in_the_middle_starts_serves_and_shows_the_failing_rounds_in_readiness()
    {
        var dir = Directory.CreateTempSubdirectory("downwatch-corrupt-middle").FullName;
        var path = Path.Combine(dir, "d.db");
        await using (await TestSite.StartAsync(null, $"--Storage:SqlitePath={path}"))
        {
            // a first start lays the schema out
        }

        // Every page of the probe and report tables and their indexes (not the schema, not the migrations' table).
        var pages = new List<long>();
        long size;
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT rootpage FROM sqlite_master WHERE tbl_name IN ('probe_results', 'reports') AND rootpage > 0";
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    pages.Add(reader.GetInt64(0));
                }
            }

            command.CommandText = "PRAGMA page_size";
            size = (long)(await command.ExecuteScalarAsync())!;
        }

        Assert.NotEmpty(pages);
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            foreach (var page in pages)
            {
                file.Seek((page - 1) * size, SeekOrigin.Begin);
                file.Write([.. Enumerable.Range(0, (int)size).Select(i => (byte)(i * 13 % 251))]);
            }
        }

        await using var site = await TestSite.StartAsync(null, $"--Storage:SqlitePath={path}");
        var last = "";
        var shown = await Eventually.ReachedAsync(async () => (last = (await ReadyAsync(site)).Text).Contains($"'{AssessmentLoop.Name}' failed", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), () => site.Time.Advance(TimeSpan.FromMinutes(1)));
        Assert.True(shown, $"/readyz did not show the failing status rounds: {last}");
        Assert.Contains("malformed", (await ReadyAsync(site)).Text, StringComparison.Ordinal);
        using var servicePage = await site.Client.GetAsync("/status/openai");
        Assert.Equal(HttpStatusCode.OK, servicePage.StatusCode);
    }

    private static async Task<string> ReportAsync(TestSite site, string service)
    {
        using var response = await site.Client.PostAsJsonAsync($"/api/status/{service}/reports", new { category = "api-errors" });
        return response.StatusCode == HttpStatusCode.OK
            ? (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("outcome").GetString()!
            : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<(HttpStatusCode Status, string Text)> ReadyAsync(TestSite site)
    {
        using var response = await site.Client.GetAsync("/readyz");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task AssertReadyAsync(TestSite site)
    {
        var (status, text) = await ReadyAsync(site);
        Assert.True(status == HttpStatusCode.OK, text);
    }

    private static async Task ExecuteAsync(TestSite site, string sql)
    {
        await using var connection = await site.Services.GetRequiredService<IConnectionFactory>().OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A background loop that throws out of its body: the host must serve on and /readyz must name it.</summary>
public class BackgroundWorkTests
{
    [Fact]
    public async Task A_background_loop_that_stops_with_an_exception_is_named_in_readiness_and_the_host_serves_on()
    {
        await using var site = await TestSite.StartWithAsync(null, s => s.AddHostedService<BrokenLoop>());
        await Eventually.TrueAsync(async () =>
        {
            using var ready = await site.Client.GetAsync("/readyz");
            return ready.StatusCode == HttpStatusCode.ServiceUnavailable
                && (await ready.Content.ReadAsStringAsync()).Contains("'BrokenLoop' stopped: disk I/O error", StringComparison.Ordinal);
        }, "/readyz naming the stopped loop");
        using var page = await site.Client.GetAsync("/status/openai");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    private sealed class BrokenLoop : Microsoft.Extensions.Hosting.BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw new IOException("disk I/O error");
        }
    }
}
