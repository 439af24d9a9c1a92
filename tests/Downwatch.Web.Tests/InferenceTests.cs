using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Downwatch.Probing.Inference;
using Downwatch.Status;
using Downwatch.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Downwatch.Web.Tests;

/// <summary>
/// serve asking models with a key added by <c>downwatch keys provider add</c> (run as a process), against fake providers on
/// 127.0.0.1: per-model status in the engine, the API, the "healthy now" ranking and the service page; and the key in none of
/// the answers, pages, metrics or log lines.
/// </summary>
public sealed class InferenceTests : IAsyncLifetime
{
    private const string Secret = "sk-acme-inference-7d3f9a1b2c";
    private FakeProviders _fake = default!;
    private WebApplicationUpstream _upstream = default!;
    private string _catalog = "";
    private string _db = "";

    public async Task InitializeAsync()
    {
        _fake = await FakeProviders.StartAsync();
        _upstream = new WebApplicationUpstream(await AcmeCatalog.StartUpstreamAsync());
        _catalog = Directory.CreateTempSubdirectory("downwatch-inference-catalog").FullName;
        AcmeCatalog.Write(_catalog, _upstream.Address, _upstream.Address);
        var services = Path.Combine(_catalog, "services.yaml");
        File.WriteAllText(services, File.ReadAllText(services).Replace("\n    components:\n",
            $"\n    inference:\n      format: openai-chat\n      base_url: {_fake.BaseUrl("openai-chat", "switch")}\n" +
            "      component: api\n      models: [acme-small, acme-large]\n    components:\n", StringComparison.Ordinal));
        _db = Path.Combine(Directory.CreateTempSubdirectory("downwatch-inference-db").FullName, "d.db");
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        await _upstream.App.DisposeAsync();
        Directory.Delete(_catalog, true);
    }

    [Fact]
    public async Task The_key_command_line_checks_its_input_and_never_prints_the_key()
    {
        var db = $"--Storage:SqlitePath={_db}";
        var (code, output, err) = await CommandLineTests.RunWithInputAsync(Secret + "\n",
            "keys", "provider", "add", "acme-team", "--service", "acme", "--catalog", _catalog, "--models", "acme-small", "--requests-per-day", "50", db);
        Assert.True(code == 0, err);
        Assert.Contains("added provider key acme-team for acme: models acme-small; every location; budget 50 requests", output, StringComparison.Ordinal);

        var list = await CommandLineTests.RunAsync("keys", "provider", "list", db);
        Assert.Equal(0, list.Code);
        Assert.Contains("acme-team\tacme\tacme-small\tevery location\tbudget 50 requests, 5,000 tokens a day\tspent today 0 requests, 0 tokens\tactive", list.Out,
            StringComparison.Ordinal);

        Assert.Equal(2, (await CommandLineTests.RunWithInputAsync("", "keys", "provider", "add", "x", "--service", "acme", "--catalog", _catalog, db)).Code);
        Assert.Equal(2, (await CommandLineTests.RunWithInputAsync("a key with spaces\n", "keys", "provider", "add", "x", "--service", "acme", "--catalog", _catalog, db)).Code);
        var unknown = await CommandLineTests.RunWithInputAsync(Secret, "keys", "provider", "add", "x", "--service", "nope", "--catalog", _catalog, db);
        Assert.Equal(2, unknown.Code);
        Assert.Contains("'nope' is not a catalog service Downwatch can ask for a generation (those are: acme)", unknown.Err, StringComparison.Ordinal);
        Assert.Equal(2, (await CommandLineTests.RunWithInputAsync(Secret, "keys", "provider", "add", "x", "--service", "acme", "--catalog", _catalog,
            "--tokens-per-day", "5", db)).Code);
        Assert.Equal(2, (await CommandLineTests.RunAsync("keys", "provider", "add", "x", db)).Code); // --service missing

        Assert.Equal(0, (await CommandLineTests.RunAsync("keys", "provider", "revoke", "acme-team", db)).Code);
        Assert.Contains("\trevoked ", (await CommandLineTests.RunAsync("keys", "provider", "list", db)).Out, StringComparison.Ordinal);
        Assert.Equal(1, (await CommandLineTests.RunAsync("keys", "provider", "revoke", "acme-team", db)).Code);

        foreach (var text in new[] { output, err, list.Out, list.Err, unknown.Out, unknown.Err })
        {
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Secret, File.ReadAllText(_db + (File.Exists(_db + "-wal") ? "-wal" : ""), System.Text.Encoding.Latin1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_asked_with_a_stored_key_get_a_status_in_the_api_the_ranking_and_the_page()
    {
        var (code, _, err) = await CommandLineTests.RunWithInputAsync(Secret + "\n",
            "keys", "provider", "add", "acme-team", "--service", "acme", "--catalog", _catalog, $"--Storage:SqlitePath={_db}");
        Assert.True(code == 0, err);
        var logs = new ConcurrentQueue<string>();
        await using var site = await TestSite.StartWithAsync(_catalog, s => s.AddSingleton<ILoggerProvider>(new KeepingLoggerProvider(logs)),
            $"--Storage:SqlitePath={_db}", "--Probing:Enabled=true", "--Probing:Location=lab", "--Probing:ControlChecks:DnsNames:0=localhost",
            $"--Probing:ControlChecks:Urls:0={_upstream.Address}/", "--Probing:Inference:Interval=00:01:00", "--Logging:LogLevel:Default=Trace");

        _fake.SwitchMode = FakeProviders.Healthy;
        await AskAsync(site, logs, 3);
        var detail = await Json(site, "/api/v1/services/acme");
        var models = detail.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(["acme-large", "acme-small"], models.Select(m => m.GetProperty("model").GetString()));
        Assert.All(models, m => Assert.Equal("Operational", m.GetProperty("status").GetString()));
        Assert.All(models, m => Assert.Equal(["lab"], m.GetProperty("locations").EnumerateArray().Select(l => l.GetString())));

        var page = await site.PageAsync("/status/acme");
        var rows = page.QuerySelectorAll("table.models tbody tr");
        Assert.Equal(2, rows.Length);
        Assert.All(rows, r => Assert.Equal("operational", r.GetAttribute("data-status")));
        Assert.NotNull(page.QuerySelector("table.models svg.sparkline"));

        // An overload storm: both models fail while the front door still answers 401 as expected.
        _fake.SwitchMode = "overloaded";
        await AskAsync(site, logs, 3, after: site.Time.GetUtcNow(), failed: true);
        detail = await Json(site, "/api/v1/services/acme");
        Assert.All(detail.GetProperty("models").EnumerateArray(), m => Assert.Equal("MajorOutage", m.GetProperty("status").GetString()));
        Assert.Equal("PartialOutage", detail.GetProperty("service").GetProperty("status").GetString());
        Assert.Contains(detail.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("text").GetString()!
            .Contains("Inference fails for all 2 probed models, although the API's front door answers normally.", StringComparison.Ordinal));
        Assert.Contains(detail.GetProperty("models").EnumerateArray(), m => m.GetProperty("evidence").GetString()!
            .Contains("streamed requests to acme-small failed with overloaded from 1 location", StringComparison.Ordinal));

        var healthy = await Json(site, "/api/v1/healthy?providers=acme&model=small");
        var ranked = Assert.Single(healthy.GetProperty("models").EnumerateArray());
        Assert.Equal("acme-small", ranked.GetProperty("model").GetString());
        Assert.False(ranked.GetProperty("usable").GetBoolean());

        var spend = await site.Services.GetRequiredService<Storage.IProviderKeyStore>().SpendAsync(DateOnly.FromDateTime(site.Time.GetUtcNow().UtcDateTime));
        Assert.Equal(_fake.TotalRequests, Assert.Single(spend).Requests);

        foreach (var path in new[] { "/api/v1/services/acme", "/api/v1/healthy", "/status/acme", "/metrics", "/api/v1/services", "/locations" })
        {
            Assert.DoesNotContain(Secret, await site.Client.GetStringAsync(path), StringComparison.Ordinal);
        }

        Assert.NotEmpty(logs);
        Assert.DoesNotContain(logs, l => l.Contains(Secret, StringComparison.Ordinal));
        Assert.Contains(Secret, _fake.Credentials.Select(c => c.Replace("Bearer ", "", StringComparison.Ordinal)));
    }

    /// <summary>Moves the fake clock until each model has <paramref name="rounds"/> results after <paramref name="after"/>, then assesses.</summary>
    /// <param name="failed">Count only failed answers: a request already under way when the mode switched still answers
    /// as before, and on a busy machine more of them are.</param>
    private async Task AskAsync(TestSite site, ConcurrentQueue<string> logs, int rounds, DateTimeOffset? after = null, bool failed = false)
    {
        var window = site.Services.GetRequiredService<ObservationWindow>();
        var stats = site.Services.GetRequiredService<InferenceStats>();
        var since = after ?? DateTimeOffset.MinValue;
        var reached = await Eventually.ReachedAsync(() => Task.FromResult(
            window.InferenceHistory("acme").Where(p => p.At > since && (!failed || p.ErrorKind is not null)).GroupBy(p => p.Endpoint).Count(g => g.Count() >= rounds) == 2), betweenLooks: () =>
            {
                if (_fake.TotalRequests >= stats.Started)
                {
                    site.Time.Advance(TimeSpan.FromSeconds(20));
                }
            });
        Assert.True(reached, $"every model asked {rounds} times: {stats.Targets} targets, {stats.Started} started, {_fake.TotalRequests} requests, "
            + $"{window.InferenceHistory("acme").Count} results; log: {string.Join(" | ", logs.Where(l => l.Contains("nference", StringComparison.Ordinal) || l.Contains("key", StringComparison.Ordinal)).Take(10))}");
        await site.Services.GetRequiredService<AssessmentCycle>().RunAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
    }

    private static async Task<JsonElement> Json(TestSite site, string path) => await site.Client.GetFromJsonAsync<JsonElement>(path);

    private sealed record WebApplicationUpstream(Microsoft.AspNetCore.Builder.WebApplication App)
    {
        public string Address => App.Urls.First();
    }
}
