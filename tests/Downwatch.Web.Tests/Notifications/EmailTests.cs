using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Dapper;
using Downwatch.Domain.Observations;
using Downwatch.Storage.Sql;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Downwatch.Web.Tests.Notifications;

/// <summary>E-mail subscriptions against a real SMTP server on 127.0.0.1: confirm, be notified, unsubscribe.</summary>
public sealed partial class EmailTests
{
    private static Task<TestSite> StartAsync(MailReceiver mail, params string[] settings) => NotificationSite.StartAsync(
        ["--Notifications:Smtp:Host=127.0.0.1", $"--Notifications:Smtp:Port={mail.Port}", "--Notifications:Smtp:Security=None",
         "--Notifications:Smtp:From=Downwatch <status@downwatch.test>", .. settings]);

    [Fact]
    public async Task Confirm_then_get_notified_then_unsubscribe_with_one_click()
    {
        await using var mail = MailReceiver.Start();
        await using var hooks = await HookReceiver.StartAsync();
        await using var site = await StartAsync(mail);
        // A webhook on the same service tells the test when a round's deliveries were sent.
        var key = await site.KeyAsync();
        await site.SubscribeAsync(key, new { channel = "webhook", url = hooks.Url + "/control", service = "deepseek" });

        using var subscribe = await site.Client.PostAsJsonAsync("/api/v1/subscriptions/email", new { email = "ada@example.test", service = "deepseek" });
        Assert.Equal(HttpStatusCode.Accepted, subscribe.StatusCode);
        await site.UntilAsync(() => mail.Messages.Count >= 1, "the confirmation mail");
        var confirmation = mail.Messages[0];
        Assert.Equal("ada@example.test", confirmation.To.Mailboxes.Single().Address);
        Assert.Equal("status@downwatch.test", confirmation.From.Mailboxes.Single().Address);
        Assert.Contains("DeepSeek", confirmation.Subject, StringComparison.Ordinal);

        // Before the link is opened nothing else is sent, even when the status changes.
        await site.SetAsync("deepseek", ProbeOutcome.Up);
        await site.UntilAsync(() => hooks.At("/control").Count >= 1, "the control webhook for the first change");
        Assert.Single(mail.Messages);

        var confirm = PathOf(LinkIn(confirmation.TextBody, "/subscriptions/confirm"));
        // Opening the link (as a mail scanner would) changes nothing: it shows a button.
        var ask = await site.PageAsync(confirm);
        var action = ask.QuerySelector("form[method=post]")!.GetAttribute("action")!;
        Assert.Equal(HttpStatusCode.OK, (await site.Client.GetAsync(confirm)).StatusCode);
        using (var confirmed = await site.Client.PostAsync(action, null))
        {
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
            Assert.Contains("Subscription confirmed", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await site.Client.PostAsync(action, null)).StatusCode); // a token works once

        // Later probes, so the outage is seen after the recovery (confirm-before-flip needs them in order).
        site.Time.Advance(TimeSpan.FromMinutes(5));
        var controlBefore = hooks.At("/control").Count;
        await site.SetAsync("deepseek", ProbeOutcome.Down);
        await site.UntilAsync(() => mail.Messages.Any(m => m.Subject?.Contains("Major outage", StringComparison.Ordinal) == true), "the outage mail");
        var outage = mail.Messages.First(m => m.Subject?.Contains("Major outage", StringComparison.Ordinal) == true);
        Assert.StartsWith("[Downwatch] DeepSeek: Operational → Major outage", outage.Subject, StringComparison.Ordinal);
        var unsubscribe = LinkIn(outage.TextBody, "/subscriptions/unsubscribe");
        Assert.Equal($"<{unsubscribe}>", outage.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", outage.Headers["List-Unsubscribe-Post"]);
        await site.UntilAsync(() => hooks.At("/control").Count >= controlBefore + 2 && mail.Messages.Count >= 3, "the round's deliveries");

        // One click (the RFC 8058 POST a mail client sends) removes the subscription.
        using (var gone = await site.Client.PostAsync(PathOf(unsubscribe), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")])))
        {
            Assert.Equal(HttpStatusCode.OK, gone.StatusCode);
        }

        var mails = mail.Messages.Count;
        site.Time.Advance(TimeSpan.FromMinutes(5));
        controlBefore = hooks.At("/control").Count;
        await site.SetAsync("deepseek", ProbeOutcome.Up);
        await site.UntilAsync(() => hooks.At("/control").Count > controlBefore, "the control webhook for the recovery");
        await using var connection = await site.Services.GetRequiredService<IConnectionFactory>().OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM subscriptions WHERE channel = 'email'"));
        // Nothing was queued for the removed subscription in the round after it (queued together with the control's).
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM deliveries WHERE subscription_id NOT IN (SELECT id FROM subscriptions) AND created_at > @At",
            new { At = site.Time.GetUtcNow().AddMinutes(-1).ToUnixTimeMilliseconds() }));
        Assert.Equal(mails, mail.Messages.Count);
        Assert.Equal(HttpStatusCode.NotFound, (await site.Client.GetAsync(PathOf(unsubscribe))).StatusCode);
    }

    [Fact]
    public async Task Subscribing_checks_the_address_and_scope_and_is_refused_without_an_smtp_server()
    {
        await using var mail = MailReceiver.Start();
        await using (var site = await StartAsync(mail))
        {
            foreach (var bad in new object[]
            {
                new { email = "not-an-address" },
                new { email = "a b@example.test" },
                new { email = "ada@example.test", service = "nobody" },
                new { email = "ada@example.test", service = "deepseek", component = "nothing" },
            })
            {
                using var response = await site.Client.PostAsJsonAsync("/api/v1/subscriptions/email", bad);
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            }

            // An unknown unsubscribe token removes nothing.
            using var ok = await site.Client.PostAsJsonAsync("/api/v1/subscriptions/email", new { email = "ada@example.test" });
            Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
            await using var connection = await site.Services.GetRequiredService<IConnectionFactory>().OpenAsync();
            var id = await connection.ExecuteScalarAsync<string>("SELECT id FROM subscriptions");
            Assert.Equal(HttpStatusCode.NotFound, (await site.Client.GetAsync($"/subscriptions/unsubscribe?id={id}&token=forged")).StatusCode);
            Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM subscriptions"));
            Assert.Null(await connection.ExecuteScalarAsync<string>("SELECT confirmed_at FROM subscriptions"));
        }

        await using var bare = await NotificationSite.StartAsync();
        using var refused = await bare.Client.PostAsJsonAsync("/api/v1/subscriptions/email", new { email = "ada@example.test" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
    }

    [Fact]
    public async Task The_service_page_has_a_subscribe_form_that_mails_a_confirmation()
    {
        await using var mail = MailReceiver.Start();
        await using var site = await StartAsync(mail);
        var page = await site.PageAsync("/status/deepseek");
        var form = page.QuerySelector("#subscribe form")!;
        Assert.Equal("/status/deepseek/subscribe", form.GetAttribute("action"));
        Assert.Contains(form.QuerySelectorAll("option"), o => o.GetAttribute("value") == "api");
        var fields = form.QuerySelectorAll("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value")!))
            .Append(new("email", "grace@example.test")).Append(new("component", "api"));
        using var answer = await site.Client.PostAsync("/status/deepseek/subscribe", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("Check your inbox", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await site.UntilAsync(() => mail.Messages.Count >= 1, "the confirmation mail");
        Assert.Contains("DeepSeek API", mail.Messages[0].Subject, StringComparison.Ordinal);

        // From another site nothing is queued; without an SMTP server there is no form.
        using var forgedRequest = new HttpRequestMessage(HttpMethod.Post, "/status/deepseek/subscribe")
        {
            Content = new FormUrlEncodedContent([new("email", "eve@example.test")]),
            Headers = { { "Sec-Fetch-Site", "cross-site" }, { "Origin", "https://evil.example" } },
        };
        using var forged = await site.Client.SendAsync(forgedRequest);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        await using var bare = await NotificationSite.StartAsync();
        Assert.Null((await bare.PageAsync("/status/deepseek")).QuerySelector("#subscribe"));
    }

    private static string LinkIn(string? text, string path)
    {
        var match = LinkPattern().Matches(text ?? "").Select(m => m.Value).FirstOrDefault(u => u.Contains(path, StringComparison.Ordinal));
        Assert.True(match is not null, $"no {path} link in: {text}");
        return match;
    }

    private static string PathOf(string url) => new Uri(url).PathAndQuery;

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();
}
