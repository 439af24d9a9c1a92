using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Downwatch.Domain.Observations;
using Downwatch.Storage.Sql;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Downwatch.TestSupport;

namespace Downwatch.Web.Tests.Notifications;

/// <summary>Webhook, Slack and Discord deliveries against a real receiver on 127.0.0.1.</summary>
public sealed class WebhookTests
{
    private const string Secret = "test-secret-0123456789";

    [Fact]
    public async Task A_webhook_is_signed_and_retried_after_500s_with_the_same_idempotency_key()
    {
        await using var receiver = await HookReceiver.StartAsync();
        receiver.Answer = (_, before) => before < 2 ? Results.StatusCode(500) : Results.Ok();
        await using var site = await NotificationSite.StartAsync();
        var key = await site.KeyAsync();
        var created = await site.SubscribeAsync(key, new { channel = "webhook", url = receiver.Url + "/hook", service = "deepseek", secret = Secret });
        Assert.Equal(Secret, created.GetProperty("secret").GetString());

        await site.SetAsync("deepseek", ProbeOutcome.Down);
        await site.UntilAsync(() => receiver.At("/hook").GroupBy(h => h.Header("Idempotency-Key")).Any(g => g.Count() >= 3
            && Event(g.First()).GetProperty("type").GetString() == "status.changed"), "a status change delivered on the third attempt");

        var attempts = receiver.At("/hook").GroupBy(h => h.Header("Idempotency-Key"))
            .Single(g => Event(g.First()).GetProperty("type").GetString() == "status.changed").ToList();
        Assert.Equal(3, attempts.Count);
        Assert.Single(attempts.Select(a => a.Body).Distinct());
        foreach (var attempt in attempts)
        {
            var timestamp = attempt.Header("X-Downwatch-Timestamp");
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{timestamp}.{attempt.Body}")));
            Assert.Equal(expected, attempt.Header("X-Downwatch-Signature"));
            Assert.Equal("status.changed", attempt.Header("X-Downwatch-Event"));
        }

        var body = Event(attempts[0]);
        Assert.Equal("deepseek", body.GetProperty("service").GetProperty("slug").GetString());
        Assert.Equal("MajorOutage", body.GetProperty("status").GetProperty("after").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("component").ValueKind);

        // The incident that opened with the outage goes to the same subscription, under its own key.
        await site.UntilAsync(() => receiver.At("/hook").Any(h => Event(h).GetProperty("type").GetString() == "incident.opened"
            && receiver.At("/hook").Count(o => o.Header("Idempotency-Key") == h.Header("Idempotency-Key")) == 3), "the incident delivered");
        await site.UntilAsync(async () => await ScalarAsync(site, "SELECT COUNT(*) FROM deliveries WHERE state <> 'sent'") == 0, "both recorded as sent");

        var metrics = await site.Client.GetStringAsync("/metrics");
        var lines = metrics.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("downwatch_notifications_sent_total{", StringComparison.Ordinal) && l.Contains("channel=\"webhook\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("downwatch_notifications_failed_total{", StringComparison.Ordinal) && l.Contains("channel=\"webhook\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("downwatch_notification_queue_depth{", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_the_last_failed_attempt_a_delivery_is_a_visible_dead_letter_and_redirects_are_not_followed()
    {
        await using var receiver = await HookReceiver.StartAsync();
        receiver.Answer = (path, _) => path == "/moved"
            ? Results.Redirect(receiver.Url + "/elsewhere")
            : Results.Text(new string('x', 1_000_000), statusCode: 500);
        await using var site = await NotificationSite.StartAsync();
        var key = await site.KeyAsync();
        var failing = await site.SubscribeAsync(key, new { channel = "webhook", url = receiver.Url + "/broken", service = "deepseek" });
        await site.SubscribeAsync(key, new { channel = "webhook", url = receiver.Url + "/moved", service = "deepseek" });

        await site.SetAsync("deepseek", ProbeOutcome.Down);
        await site.UntilAsync(() => site.DeadLetters(key).GetArrayLength() >= 4, "four dead letters (two events, two subscriptions)");

        var dead = site.DeadLetters(key).EnumerateArray().ToList();
        Assert.All(dead, d => Assert.Equal(3, d.GetProperty("attempts").GetInt32()));
        var broken = dead.Where(d => d.GetProperty("subscriptionId").GetString() == failing.GetProperty("id").GetString()).ToList();
        Assert.Equal(2, broken.Count);
        Assert.All(broken, d => Assert.Equal("HTTP 500", d.GetProperty("lastError").GetString())); // the status code, never the receiver's body
        Assert.Contains(dead, d => d.GetProperty("lastError").GetString()!.Contains("not followed", StringComparison.Ordinal));
        Assert.Empty(receiver.At("/elsewhere"));

        // Given up means given up: more time, and the sender looking at the queue twice more, bring no further attempts.
        var seen = receiver.Received.Count;
        var sender = site.Services.GetRequiredService<Downwatch.Notifications.DeliverySender>();
        var looked = sender.QueueLooks;
        await Eventually.TrueAsync(() => sender.QueueLooks >= looked + 2, "the sender looked at the queue again",
            betweenLooks: () => site.Time.Advance(TimeSpan.FromSeconds(10)));
        Assert.Equal(6, receiver.At("/broken").Count);
        Assert.Equal(seen, receiver.Received.Count);
    }

    [Fact]
    public async Task Slack_and_Discord_get_their_own_body_shapes()
    {
        await using var receiver = await HookReceiver.StartAsync();
        await using var site = await NotificationSite.StartAsync();
        var key = await site.KeyAsync();
        await site.SubscribeAsync(key, new { channel = "slack", url = receiver.Url + "/slack", service = "deepseek" });
        var discord = await site.SubscribeAsync(key, new { channel = "discord", url = receiver.Url + "/discord", service = "deepseek", component = "api" });
        Assert.Equal(JsonValueKind.Null, discord.GetProperty("secret").ValueKind);

        await site.SetAsync("deepseek", ProbeOutcome.Down);
        await site.UntilAsync(() => receiver.At("/slack").Count >= 2 && receiver.At("/discord").Count >= 2, "slack and discord messages");

        var slack = receiver.At("/slack").Select(h => JsonDocument.Parse(h.Body).RootElement).ToList();
        var change = slack.Single(s => s.GetProperty("text").GetString()!.Contains('→'));
        Assert.StartsWith("DeepSeek:", change.GetProperty("text").GetString(), StringComparison.Ordinal);
        var section = change.GetProperty("blocks")[0];
        Assert.Equal("section", section.GetProperty("type").GetString());
        Assert.Equal("mrkdwn", section.GetProperty("text").GetProperty("type").GetString());
        Assert.Contains("/status/deepseek|", section.GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("context", change.GetProperty("blocks")[1].GetProperty("type").GetString());

        // The component subscription hears about its component and about the service's incident, not the service status.
        var embeds = receiver.At("/discord").Select(h => JsonDocument.Parse(h.Body).RootElement).ToList();
        Assert.All(embeds, e => Assert.Equal(0, e.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength()));
        var titles = embeds.Select(e => e.GetProperty("embeds")[0].GetProperty("title").GetString()!).ToList();
        Assert.Contains(titles, t => t.StartsWith("DeepSeek API:", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.StartsWith("New incident:", StringComparison.Ordinal));
        Assert.DoesNotContain(titles, t => t.StartsWith("DeepSeek: ", StringComparison.Ordinal));
        var embed = embeds.First().GetProperty("embeds")[0];
        Assert.Equal(0xCF222E, embed.GetProperty("color").GetInt32());
        Assert.EndsWith("/status/deepseek", embed.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParse(embed.GetProperty("timestamp").GetString(), out _));
    }

    [Fact]
    public async Task Queued_deliveries_survive_a_restart()
    {
        await using var receiver = await HookReceiver.StartAsync();
        var db = Path.Combine(Directory.CreateTempSubdirectory("downwatch-notify").FullName, "site.db");
        await using (var first = await NotificationSite.StartAsync($"--Storage:SqlitePath={db}", "--Notifications:Enabled=false"))
        {
            var key = await first.KeyAsync();
            await first.SubscribeAsync(key, new { channel = "webhook", url = receiver.Url + "/hook", service = "deepseek" });
            await first.SetAsync("deepseek", ProbeOutcome.Down);
            Assert.True(await ScalarAsync(first, "SELECT COUNT(*) FROM deliveries WHERE state = 'pending'") >= 2);
        }

        Assert.Empty(receiver.Received);
        await using var second = await NotificationSite.StartAsync($"--Storage:SqlitePath={db}");
        await second.UntilAsync(() => receiver.At("/hook").Count >= 2, "the queued deliveries sent after the restart");
        Assert.Contains(receiver.At("/hook"), h => h.Header("X-Downwatch-Event") == "status.changed");
    }

    [Fact]
    public async Task A_receiver_that_never_answers_does_not_hold_up_the_others()
    {
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await HookReceiver.StartAsync();
        receiver.Hold = path => path == "/slow" ? never.Task : Task.CompletedTask;
        await using var site = await NotificationSite.StartAsync("--Notifications:MaxConcurrency=2");
        var key = await site.KeyAsync();
        await site.SubscribeAsync(key, new { channel = "webhook", url = receiver.Url + "/slow", service = "deepseek" });
        await site.SubscribeAsync(key, new { channel = "webhook", url = receiver.Url + "/fast", service = "deepseek" });

        await site.SetAsync("deepseek", ProbeOutcome.Down);
        // The clock stands still: the slow attempt neither finishes nor times out meanwhile.
        await Eventually.ReachedAsync(() => Task.FromResult(receiver.At("/fast").Count >= 2 && receiver.At("/slow").Count > 0));

        // Both events reached the fast receiver while the slow one still holds the first; its second waits its turn.
        Assert.Equal(2, receiver.At("/fast").Count);
        Assert.Single(receiver.At("/slow"));
        never.SetResult();
    }

    [Fact]
    public async Task One_keys_dead_receivers_hold_at_most_its_share_and_never_another_keys_delivery()
    {
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await HookReceiver.StartAsync();
        receiver.Hold = path => path.StartsWith("/dead", StringComparison.Ordinal) ? never.Task : Task.CompletedTask;
        await using var site = await NotificationSite.StartAsync("--Notifications:MaxConcurrency=8", "--Notifications:MaxConcurrencyPerOwner=4");
        var flood = await site.KeyAsync("flood");
        for (var i = 0; i < 40; i++)
        {
            await site.SubscribeAsync(flood, new { channel = "webhook", url = $"{receiver.Url}/dead{i}", service = "deepseek" });
        }

        // The clock stands still: no attempt at a dead receiver ever ends, so the slots they take stay taken.
        await site.SetAsync("deepseek", ProbeOutcome.Down);
        await Eventually.ReachedAsync(() => Task.FromResult(receiver.Received.Count(h => h.Path.StartsWith("/dead", StringComparison.Ordinal)) >= 4));

        var other = await site.KeyAsync("other");
        await site.SubscribeAsync(other, new { channel = "webhook", url = receiver.Url + "/alive", service = "deepseek" });
        await site.SetAsync("deepseek", ProbeOutcome.Up);
        // Without fair shares every slot would hold a dead receiver by now and this delivery would wait for ever.
        await Eventually.ReachedAsync(() => Task.FromResult(receiver.At("/alive").Count >= 1));
        never.SetResult();
    }

    private static JsonElement Event(ReceivedHook hook) => JsonDocument.Parse(hook.Body).RootElement;

    private static async Task<long> ScalarAsync(TestSite site, string sql)
    {
        await using var connection = await site.Services.GetRequiredService<IConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
