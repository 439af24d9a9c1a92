using AngleSharp;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Builder;
using Downwatch.Domain.Observations;
using Downwatch.Storage;
using Downwatch.Web.Hosting;
using Downwatch.Status;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Downwatch.Web.Tests;

/// <summary>The real Downwatch host on 127.0.0.1 with its own SQLite file and a fake clock.</summary>
public sealed class TestSite : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private readonly WebApplication _app;
    private readonly string _directory;

    private TestSite(WebApplication app, string directory, FakeTimeProvider time, HttpClient client)
    {
        _app = app;
        _directory = directory;
        Time = time;
        Client = client;
    }

    public FakeTimeProvider Time { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => _app.Services;

    public static Task<TestSite> StartAsync(string? catalogDirectory = null, params string[] settings) =>
        StartWithAsync(catalogDirectory, null, settings);

    /// <summary>As <see cref="StartAsync"/>, with more services (for example a logger provider that keeps every line).</summary>
    public static async Task<TestSite> StartWithAsync(string? catalogDirectory, Action<IServiceCollection>? configure, params string[] settings)
    {
        var directory = Path.Combine(Path.GetTempPath(), "downwatch-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var time = new FakeTimeProvider(Start);
        var app = DownwatchHost.Build(
            ["--urls", "http://127.0.0.1:0", $"--Storage:SqlitePath={Path.Combine(directory, "downwatch.db")}",
             "--Status:EvaluationInterval=00:10:00", "--Logging:LogLevel:Default=Warning", "--OfficialStatus:Enabled=false",
             .. (settings.Any(s => s.StartsWith("--Probing:Enabled", StringComparison.Ordinal)) ? settings : ["--Probing:Enabled=false", .. settings])],
            catalogDirectory,
            services =>
            {
                services.AddSingleton<TimeProvider>(time);
                configure?.Invoke(services);
            });
        await app.StartAsync();
        // The background loop's first round must not land after (and overwrite) a round a test runs itself.
        await app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<AssessmentLoop>().Single()
            .FirstRound.WaitAsync(TimeSpan.FromSeconds(60));
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // Like a browser it keeps cookies (the report form's antiforgery cookie); unlike one it shows redirects to the test.
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        return new TestSite(app, directory, time, new HttpClient(handler) { BaseAddress = new Uri(address) });
    }

    /// <summary>Stores observations and runs one status evaluation round, as the background loop would.</summary>
    public async Task ObserveAsync(SignalSet signals, TimeSpan? elapsed = null)
    {
        await Services.GetRequiredService<IObservationStore>().AppendAsync(signals);
        await Services.GetRequiredService<AssessmentCycle>().RunAsync(elapsed ?? TimeSpan.FromMinutes(1), CancellationToken.None);
    }

    public async Task<IDocument> PageAsync(string path, int expectedStatus = 200)
    {
        using var response = await Client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"GET {path} answered {(int)response.StatusCode}, expected {expectedStatus}");
        var document = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html));
        PageChecks.AssertHonest(document, path);
        return document;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the OS is removed with the temp folder later.
        }
    }
}
