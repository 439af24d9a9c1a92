using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Downwatch.Domain.Observations;
using Downwatch.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace Downwatch.Web.Tests.Notifications;

/// <summary>
/// The outbound guard on 127.0.0.1 only: a loopback address marked as this host's own stands for the machine's real
/// interface addresses, and is refused even where private addresses are allowed, before any connection is opened.
/// </summary>
public class OutboundGuardTests
{
    private const string OwnLoopback = "--Notifications:OwnAddresses:0=127.0.0.1";

    [Theory]
    [InlineData("/hook")]
    [InlineData("localhost")]
    public async Task The_hosts_own_address_is_refused_even_when_private_ones_are_allowed_and_nothing_is_sent(string target)
    {
        await using var receiver = await HookReceiver.StartAsync();
        await using var site = await NotificationSite.StartAsync(OwnLoopback, "--Notifications:OwnAddresses:1=::1");
        var transport = site.Services.GetRequiredService<HookTransport>();
        var url = target == "localhost" ? receiver.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/hook" : receiver.Url + target;
        var result = await transport.PostAsync(url, "{}", [], CancellationToken.None);
        Assert.False(result.Delivered);
        Assert.True(result.Permanent);
        Assert.Contains("own address", result.Error, StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task A_refused_target_is_a_dead_letter_after_one_attempt_not_retried()
    {
        await using var receiver = await HookReceiver.StartAsync();
        await using var site = await NotificationSite.StartAsync(OwnLoopback);
        var key = await site.KeyAsync();
        await site.SubscribeAsync(key, new { channel = "webhook", url = receiver.Url + "/hook", service = "deepseek" });
        await site.SetAsync("deepseek", ProbeOutcome.Down);
        await site.UntilAsync(() => site.DeadLetters(key).GetArrayLength() >= 1, "a dead letter");

        var dead = site.DeadLetters(key)[0];
        Assert.Equal(1, dead.GetProperty("attempts").GetInt32());
        Assert.Contains("own address", dead.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    [Theory]
    [InlineData("http://example.com/a\r\nX-Injected: 1")]
    [InlineData("http://example.com/a\0b")]
    [InlineData("http://example.com/a b")]
    [InlineData("ftp://example.com/hook")]
    [InlineData("/relative/hook")]
    [InlineData("http://user:pass@example.com/hook")]
    [InlineData("long")]
    public async Task A_url_that_is_not_a_plain_absolute_http_url_is_refused_at_registration_with_a_reason(string url)
    {
        await using var site = await NotificationSite.StartAsync();
        var key = await site.KeyAsync();
        if (url == "long")
        {
            url = "https://example.com/" + new string('a', Subscribing.MaxHookUrlLength);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/subscriptions")
        {
            Content = JsonContent.Create(new { channel = "webhook", url, service = "deepseek" }),
        };
        request.Headers.Authorization = new("Bearer", key);
        using var response = await site.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
        Assert.Contains("control characters", detail, StringComparison.Ordinal);
    }
}
