using System.Text.Json;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Incidents;
using Downwatch.Domain.Status;
using Downwatch.Storage;
using Downwatch.Notifications;
using Downwatch.Status;
using Microsoft.Extensions.DependencyInjection;

namespace Downwatch.Web.Tests.Notifications;

/// <summary>Events built from a round's changes, who receives them, and how chat bodies read — without any delivery.</summary>
public sealed class NotificationFormattingTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 12, 30, 0, TimeSpan.Zero);

    private static RoundChanges Round() => new(At,
        [
            new StatusChange("anthropic", null, ServiceStatus.Operational, ServiceStatus.PartialOutage, Diagnosis.PartialIncident, Confidence.High, At,
                "3 of 3 locations fail <the API> & more"),
            new StatusChange("anthropic", "api", ServiceStatus.Operational, ServiceStatus.MajorOutage, Diagnosis.PartialIncident, Confidence.High, At, "API fails"),
        ],
        [
            new Incident("inc-1", "anthropic", "Claude API outage", ServiceStatus.MajorOutage, At.AddMinutes(-5), null,
                [new IncidentUpdate(At.AddMinutes(-5), IncidentPhase.Investigating, ServiceStatus.MajorOutage, "Investigating"),
                 new IncidentUpdate(At, IncidentPhase.Identified, ServiceStatus.MajorOutage, "Identified: the API fails everywhere")]),
        ]);

    [Fact]
    public async Task A_round_becomes_events_with_stable_ids_and_reaches_only_matching_subscriptions()
    {
        await using var site = await TestSite.StartAsync();
        var events = site.Services.GetRequiredService<ChangeEvents>().From(Round());
        Assert.Equal(["status.changed", "status.changed", "incident.updated"], events.Select(e => e.Type));
        Assert.Equal(events.Select(e => e.Id), site.Services.GetRequiredService<ChangeEvents>().From(Round()).Select(e => e.Id));
        Assert.Equal("Claude API: Operational → Partial outage", events[0].Headline);
        Assert.Equal("api", events[1].Component!.Slug);
        Assert.Equal("Update (Identified): Claude API outage", events[2].Headline);
        Assert.Equal("Identified: the API fails everywhere", events[2].Summary);

        var whole = Subscription(null, null);
        var service = Subscription("anthropic", null);
        var component = Subscription("anthropic", "api");
        var other = Subscription("openai", null);
        Assert.Equal([true, false, true], events.Select(e => SubscriptionMatch.Wants(whole, e)));
        Assert.Equal([true, false, true], events.Select(e => SubscriptionMatch.Wants(service, e)));
        Assert.Equal([false, true, true], events.Select(e => SubscriptionMatch.Wants(component, e)));
        Assert.Equal([false, false, false], events.Select(e => SubscriptionMatch.Wants(other, e)));

        // The webhook body round-trips; Slack escapes its control characters.
        Assert.Equal(events[0], NotificationEvent.FromJson(events[0].ToJson()));
        using var slack = JsonDocument.Parse(SlackNotifier.Body(events[0]));
        Assert.Contains("&lt;the API&gt; &amp; more", slack.RootElement.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal);
        using var discord = JsonDocument.Parse(DiscordNotifier.Body(events[0]));
        Assert.Equal(0xDB6D28, discord.RootElement.GetProperty("embeds")[0].GetProperty("color").GetInt32());
    }

    [Fact]
    public void Retry_delays_double_up_to_the_maximum()
    {
        var options = new NotificationOptions { FirstRetryDelay = TimeSpan.FromSeconds(30), MaxRetryDelay = TimeSpan.FromMinutes(5) };
        Assert.Equal([30, 60, 120, 240, 300, 300], Enumerable.Range(1, 6).Select(n => DeliverySender.RetryDelay(n, options).TotalSeconds));
        Assert.Equal(TimeSpan.FromMinutes(5), DeliverySender.RetryDelay(1000, options));
    }

    private static Subscription Subscription(string? service, string? component) =>
        new(Guid.NewGuid().ToString("N"), "webhook", "http://127.0.0.1:9/", service, component, "secret", At, "ops", At);
}

public class ReceiverAddressTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.20.0.1", true)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("93.184.216.34", false)]
    [InlineData("172.32.0.1", false)]
    [InlineData("2606:4700::1111", false)]
    [InlineData("::7f00:1", true)] // IPv4-compatible 127.0.0.1
    [InlineData("::a00:1", true)] // IPv4-compatible 10.0.0.1
    [InlineData("64:ff9b::7f00:1", true)] // NAT64 127.0.0.1
    [InlineData("64:ff9b::a9fe:a9fe", true)] // NAT64 169.254.169.254
    [InlineData("64:ff9b:1::a00:1", true)] // local-use NAT64
    [InlineData("64:ff9b::5db8:d822", false)] // NAT64 of a public address
    [InlineData("2002:a00:1::1", true)] // 6to4 of 10.0.0.1
    [InlineData("2001:db8::1", true)]
    [InlineData("192.0.2.10", true)]
    [InlineData("198.51.100.7", true)]
    [InlineData("203.0.113.5", true)]
    public void Private_addresses_are_told_from_public_ones(string address, bool isPrivate) =>
        Assert.Equal(isPrivate, Downwatch.Notifications.ReceiverAddresses.IsPrivate(System.Net.IPAddress.Parse(address)));

    [Fact]
    public async Task By_default_a_webhook_on_a_private_address_is_refused_before_any_request_is_sent()
    {
        await using var receiver = await HookReceiver.StartAsync();
        await using var site = await TestSite.StartAsync();
        var transport = site.Services.GetRequiredService<Downwatch.Notifications.HookTransport>();
        var refused = await transport.PostAsync(receiver.Url + "/hook", "{}", [], CancellationToken.None);
        Assert.True(refused.Permanent);
        Assert.Contains("AllowPrivateAddresses", refused.Error, StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }
}
