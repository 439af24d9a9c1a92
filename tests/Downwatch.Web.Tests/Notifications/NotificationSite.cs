using System.Net.Http.Json;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;
using Downwatch.Storage;
using Microsoft.Extensions.DependencyInjection;
using Downwatch.TestSupport;

namespace Downwatch.Web.Tests.Notifications;

/// <summary>A test site set up for notifications: short retry delays, and helpers to wait, subscribe and change statuses.</summary>
public static class NotificationSite
{
    /// <remarks>
    /// The attempt timeout follows the fake clock, which the tests move fast: it is set longer than any wait here, so a
    /// real receiver that is merely slow under load never times out.
    /// </remarks>
    public static Task<TestSite> StartAsync(params string[] settings) => TestSite.StartAsync(null,
        ["--Notifications:FirstRetryDelay=00:00:02", "--Notifications:MaxRetryDelay=00:00:08", "--Notifications:MaxAttempts=3",
         "--Notifications:PollInterval=00:00:05", "--Notifications:AttemptTimeout=00:05:00",
         "--Notifications:AllowPrivateAddresses=true", .. settings]);

    /// <summary>Advances the fake clock a second at a time until <paramref name="done"/> holds (bounded).</summary>
    public static Task UntilAsync(this TestSite site, Func<bool> done, string what) => site.UntilAsync(() => Task.FromResult(done()), what);

    public static Task UntilAsync(this TestSite site, Func<Task<bool>> done, string what) =>
        Eventually.TrueAsync(done, what, betweenLooks: () => site.Time.Advance(TimeSpan.FromSeconds(1)));

    public static async Task<string> KeyAsync(this TestSite site, string name = "ops") =>
        await site.Services.GetRequiredService<IApiKeyStore>().IssueAsync(name, site.Time.GetUtcNow());

    public static async Task<System.Text.Json.JsonElement> SubscribeAsync(this TestSite site, string key, object request)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/v1/subscriptions") { Content = JsonContent.Create(request) };
        message.Headers.Authorization = new("Bearer", key);
        using var response = await site.Client.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"subscribe answered {(int)response.StatusCode}: {text}");
        return System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Every probe of the service fails (or succeeds) now, and one round runs.</summary>
    public static Task SetAsync(this TestSite site, string service, ProbeOutcome outcome) =>
        site.ObserveAsync(Observations.Probes(site.Services.GetRequiredService<ServiceCatalog>(), service, site.Time.GetUtcNow(), outcome));

    /// <summary>The key's dead letters, as the API lists them.</summary>
    public static System.Text.Json.JsonElement DeadLetters(this TestSite site, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/deliveries/dead-letters");
        request.Headers.Add("X-Api-Key", key);
        using var response = site.Client.Send(request);
        response.EnsureSuccessStatusCode();
        return System.Text.Json.JsonDocument.Parse(response.Content.ReadAsStream()).RootElement.Clone();
    }
}
