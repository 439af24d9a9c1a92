using Downwatch.Domain.Catalog;
using Downwatch.Feeds.Polling;
using Downwatch.Feeds.Tests.Mapping;
using Downwatch.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Downwatch.TestSupport;

namespace Downwatch.Feeds.Tests.Polling;

/// <summary>The real sync, fetcher and SQLite stores, reading from a <see cref="FeedServer"/> under a fake clock.</summary>
public sealed class SyncRig : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 10, 9, 12, 20, 0, TimeSpan.Zero);

    private readonly ServiceProvider _provider;
    private readonly string _directory;

    private SyncRig(ServiceProvider provider, string directory, FakeTimeProvider time)
    {
        _provider = provider;
        _directory = directory;
        Time = time;
    }

    public FakeTimeProvider Time { get; }
    public OfficialStatusSync Sync => _provider.GetRequiredService<OfficialStatusSync>();
    public IObservationStore Observations => _provider.GetRequiredService<IObservationStore>();
    public IVendorIncidentStore Incidents => _provider.GetRequiredService<IVendorIncidentStore>();
    public IFeedStateStore States => _provider.GetRequiredService<IFeedStateStore>();
    public FeedSource Source => Sync.Sources.Single();

    /// <summary>Anthropic's API and console, mapped onto the Claude status page served at <paramref name="feedUrl"/>.</summary>
    public static SyncRig Create(string feedUrl)
    {
        var directory = Directory.CreateTempSubdirectory("downwatch-feeds").FullName;
        var time = new FakeTimeProvider(Start);
        var service = OfficialStatusMappingTests.Service("anthropic",
            new() { ["Claude API (api.anthropic.com)"] = "api", ["Claude Console (platform.claude.com)"] = "console" },
            ("api", "API"), ("console", "Claude Console"));
        service = new ServiceDefinition
        {
            Slug = service.Slug, Name = service.Name, Company = service.Company, Category = service.Category, Region = service.Region,
            Homepage = service.Homepage, Components = service.Components,
            StatusPage = new StatusPageDefinition { Url = "https://status.claude.com", Format = "statuspage", FeedUrl = feedUrl, Components = service.StatusPage!.Components },
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:SqlitePath"] = Path.Combine(directory, "downwatch.db"),
            ["OfficialStatus:RetryDelay"] = "00:00:00",
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddSingleton(new ServiceCatalog([service], []))
            .AddDownwatchStorage()
            .AddFeedFetching()
            .AddSingleton<OfficialStatusSync>();
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<DatabaseMigrator>().MigrateUp();
        return new SyncRig(provider, directory, time);
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
