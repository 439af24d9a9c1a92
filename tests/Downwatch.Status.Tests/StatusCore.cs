using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;
using Downwatch.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Downwatch.Status.Tests;

/// <summary>The status core on a real SQLite file with a fake clock, without the web host.</summary>
internal sealed class StatusCore : IDisposable
{
    public static readonly ServiceCatalog Catalog = CatalogOf([new ProbeEndpoint { Url = "https://api.acme.example/v1/models", Expect = [401] }]);

    /// <summary>One service, "acme", with one component, "api", probed at <paramref name="probes"/>.</summary>
    public static ServiceCatalog CatalogOf(IReadOnlyList<ProbeEndpoint> probes) => new(
    [
        new ServiceDefinition
        {
            Slug = "acme", Name = "Acme AI", Company = "Acme", Category = "llm-api", Region = "United States", Homepage = "https://acme.example",
            Components = [new ComponentDefinition { Slug = "api", Name = "API", Kind = "api", Probes = [.. probes] }],
        },
    ], []);

    public static readonly string Endpoint = Catalog.Services[0].Components[0].Probes[0].Id;

    private readonly ServiceProvider _services;

    public StatusCore(string databasePath, FakeTimeProvider time, params (string Key, string Value)[] settings)
        : this(databasePath, time, null, settings)
    {
    }

    public StatusCore(string databasePath, FakeTimeProvider time, Action<IServiceCollection>? configure, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))
                .Append(new KeyValuePair<string, string?>("Storage:SqlitePath", databasePath)))
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddSingleton(Catalog)
            .AddDownwatchStorage()
            .AddStatusBoard();
        configure?.Invoke(services);
        _services = services.BuildServiceProvider();
        _services.GetRequiredService<DatabaseMigrator>().MigrateUp();
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public static ProbeObservation Probe(string location, DateTimeOffset at, double latency, ProbeOutcome outcome = ProbeOutcome.Up) =>
        new("acme", "api", Endpoint, location, at, outcome, latency, outcome == ProbeOutcome.Down ? 503 : 401,
            outcome == ProbeOutcome.Down ? "http-5xx" : null);

    public void Dispose()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
