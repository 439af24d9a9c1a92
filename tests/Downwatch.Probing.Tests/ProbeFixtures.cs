using System.Net;
using System.Net.Sockets;
using Downwatch.Catalog;
using Downwatch.Domain.Catalog;
using Downwatch.Probing.Http;
using Microsoft.Extensions.Options;

namespace Downwatch.Probing.Tests;

internal static class ProbeFixtures
{
    public static readonly ServiceCatalog Catalog = CatalogLoader.LoadDirectory(FindCatalog());

    /// <summary>Names under .test resolve to 127.0.0.1 without asking any DNS server; nowhere.test does not resolve.</summary>
    public static ValueTask<IPAddress[]> Resolve(string host, CancellationToken ct) =>
        host == "nowhere.test"
            ? ValueTask.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound))
            : host.EndsWith(".test", StringComparison.Ordinal) || host == "localhost"
                ? ValueTask.FromResult(new[] { IPAddress.Loopback })
                : ValueTask.FromException<IPAddress[]>(new InvalidOperationException($"Tests never resolve {host}"));

    public static HttpProbe Probe(HttpProbeOptions? options = null) =>
        new(Options.Create(options ?? new HttpProbeOptions { TotalTimeout = TimeSpan.FromSeconds(3) }),
            new ErrorSignatureIndex(Catalog), TimeProvider.System, Resolve);

    public static ProbeTarget Target(string url, params int[] expect) =>
        new("openai", "api", new ProbeEndpoint { Url = url, Expect = [.. expect], ExpectError = "authentication-failed" });

    private static string FindCatalog()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "catalog", "services.yaml")))
            {
                return Path.Combine(dir.FullName, "catalog");
            }
        }

        throw new DirectoryNotFoundException("catalog/ not found");
    }
}
