using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Downwatch.Web.Hosting;

/// <summary>
/// The client's address behind a reverse proxy: X-Forwarded-For is read only from the proxies listed in
/// <c>ForwardedHeaders:KnownProxies</c> (ASP.NET Core's forwarded-headers middleware, with its default trust of
/// loopback removed). With none listed the header is ignored, whoever sends it: the connection's address is the client.
/// </summary>
internal static class ForwardedClients
{
    public const string Section = "ForwardedHeaders";

    public static IServiceCollection AddForwardedClients(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = KnownProxies(configuration);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(proxy);
            }

            // The nearest address that is not a known proxy is the client; anything further left is the client's to invent.
            o.ForwardLimit = proxies.Count + 1;
        });
        return services;
    }

    public static IApplicationBuilder UseForwardedClients(this IApplicationBuilder app) =>
        app.ApplicationServices.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value.KnownProxies.Count == 0
            ? app
            : app.UseForwardedHeaders();

    /// <summary>Addresses from <c>ForwardedHeaders:KnownProxies</c> (a list, or one comma-separated value); a bad one stops start-up.</summary>
    private static List<IPAddress> KnownProxies(IConfiguration configuration)
    {
        var section = configuration.GetSection($"{Section}:KnownProxies");
        var values = section.Value is { } single ? single.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : section.GetChildren().Select(c => c.Value ?? "").ToArray();
        var proxies = new List<IPAddress>();
        foreach (var value in values)
        {
            if (!IPAddress.TryParse(value, out var address))
            {
                throw new OptionsValidationException(Section, typeof(ForwardedHeadersOptions),
                    [$"{Section}:KnownProxies: '{value}' is not an IP address."]);
            }

            proxies.Add(address);
        }

        return proxies;
    }
}
