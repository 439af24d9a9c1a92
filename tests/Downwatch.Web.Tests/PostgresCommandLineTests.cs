using System.Diagnostics;
using System.Net;
using Downwatch.TestSupport;
using Npgsql;

namespace Downwatch.Web.Tests;

/// <summary>A test that needs a PostgreSQL server: skipped, saying how to enable it, when none is configured.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string ConnectionVariable = "DOWNWATCH_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ConnectionVariable)))
        {
            Skip = $"needs PostgreSQL: set {ConnectionVariable} to a connection string whose role may create databases; .ci/run does.";
        }
    }
}

/// <summary>README's PostgreSQL command lines, run as a process exactly as written.</summary>
public class PostgresCommandLineTests
{
    [Fact]
    public async Task Serve_on_an_unreachable_postgres_exits_2_naming_host_and_database_but_not_the_password()
    {
        var (code, _, err) = await CommandLineTests.RunAsync("--Storage:Provider=postgres",
            "--ConnectionStrings:Postgres=Host=127.0.0.1;Port=1;Database=downwatch;Username=downwatch;Password=hunter2;Timeout=3",
            "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, code);
        Assert.StartsWith("Cannot open the PostgreSQL database 'downwatch' on 127.0.0.1:1: ", err, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_stops_start_up_naming_the_key()
    {
        var (code, _, err) = await CommandLineTests.RunAsync("--Storage:Provider=postgres", "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, code);
        Assert.Contains("ConnectionStrings:Postgres is empty", err, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Serve_on_postgres_as_readme_documents_it()
    {
        await using var database = await ScratchDatabase.CreateAsync(Environment.GetEnvironmentVariable(PostgresFactAttribute.ConnectionVariable)!,
            "downwatch_cli_");
        using var process = Process.Start(CommandLineTests.Start(["--Storage:Provider=postgres", $"--ConnectionStrings:Postgres={database.ConnectionString}",
            "--urls", "http://127.0.0.1:0", "--Probing:Enabled=false", "--OfficialStatus:Enabled=false"]))!;
        try
        {
            var address = await ListeningAddressAsync(process);
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            var page = await client.GetAsync("/is-openai-down");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
            await using var check = new NpgsqlConnection(database.ConnectionString);
            await check.OpenAsync();
            await using var leases = new NpgsqlCommand("SELECT COUNT(*) FROM leases WHERE name = 'leader'", check);
            Assert.Equal(1L, await leases.ExecuteScalarAsync());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>The address the process bound, as it reports it ("Now listening on: …"), within a bounded wait.</summary>
    internal static async Task<string> ListeningAddressAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            var at = line.IndexOf("Now listening on: ", StringComparison.Ordinal);
            if (at >= 0)
            {
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return line[(at + "Now listening on: ".Length)..].Trim();
            }
        }

        throw new InvalidOperationException("The process ended without saying where it listens: " + await process.StandardError.ReadToEndAsync());
    }
}
