using Downwatch.Feeds.Reading;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Downwatch.Feeds.Tests;

/// <summary>Captured payloads under Fixtures/ (each with a .source.txt naming its origin) and the adapters with default options.</summary>
public static class Fixture
{
    public static readonly FeedAdapters Adapters = Build();

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static FeedPayload Payload(string name, string? contentType = null) =>
        new(new Uri("https://status.example/" + name), Bytes(name), contentType ?? (name.EndsWith(".xml", StringComparison.Ordinal) ? "application/xml" : "application/json"));

    public static FeedPayload Text(string text, string? contentType = "application/json") =>
        new(new Uri("https://status.example/feed"), System.Text.Encoding.UTF8.GetBytes(text), contentType);

    public static FeedRead Read(string name, string? format = null) =>
        format is null ? Adapters.Read(Payload(name)) : Adapters.Named(format)!.Read(Payload(name));

    public static IServiceCollection Services() =>
        new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()).AddLogging().AddFeedAdapters();

    private static FeedAdapters Build() => Services().BuildServiceProvider().GetRequiredService<FeedAdapters>();
}
