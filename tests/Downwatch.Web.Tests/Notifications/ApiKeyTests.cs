using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Downwatch.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Downwatch.Web.Tests.Notifications;

/// <summary>The write API's keys (401 without a valid one) and rate limits (429 with Retry-After).</summary>
public sealed class ApiKeyTests
{
    private static HttpRequestMessage Create(string? bearer = null, string? header = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/subscriptions")
        {
            Content = JsonContent.Create(new { channel = "webhook", url = "http://127.0.0.1:9/hook", service = "deepseek" }),
        };
        if (bearer is not null)
        {
            request.Headers.Authorization = new("Bearer", bearer);
        }

        if (header is not null)
        {
            request.Headers.Add("X-Api-Key", header);
        }

        return request;
    }

    [Fact]
    public async Task Writes_need_a_valid_unrevoked_key()
    {
        await using var site = await NotificationSite.StartAsync();
        foreach (var request in new[] { Create(), Create(bearer: "dwk_nope"), Create(header: "dwk_nope") })
        {
            using var response = await site.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
            request.Dispose();
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await site.Client.GetAsync("/api/v1/subscriptions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await site.Client.DeleteAsync("/api/v1/subscriptions/x")).StatusCode);

        var keys = site.Services.GetRequiredService<IApiKeyStore>();
        var key = await keys.IssueAsync("ops", site.Time.GetUtcNow());
        using (var created = await site.Client.SendAsync(Create(bearer: key)))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using (var viaHeader = await site.Client.SendAsync(Create(header: key)))
        {
            Assert.Equal(HttpStatusCode.Created, viaHeader.StatusCode);
        }

        // Another key sees and deletes only its own subscriptions.
        var other = await keys.IssueAsync("other", site.Time.GetUtcNow());
        using (var list = new HttpRequestMessage(HttpMethod.Get, "/api/v1/subscriptions"))
        {
            list.Headers.Add("X-Api-Key", other);
            using var answer = await site.Client.SendAsync(list);
            Assert.Equal("[]", await answer.Content.ReadAsStringAsync());
        }

        Assert.True(await keys.RevokeAsync("ops", site.Time.GetUtcNow()));
        using var revoked = await site.Client.SendAsync(Create(bearer: key));
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Contains("revoked", await revoked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_holds_at_most_its_share_of_subscriptions()
    {
        await using var site = await NotificationSite.StartAsync("--Api:SubscriptionsPerKey=2");
        var key = await site.KeyAsync();
        var other = await site.KeyAsync("other");
        async Task<HttpResponseMessage> Subscribe(string apiKey, int n)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/subscriptions")
            {
                Content = JsonContent.Create(new { channel = "webhook", url = $"http://127.0.0.1:9/hook{n}", service = "deepseek" }),
            };
            request.Headers.Add("X-Api-Key", apiKey);
            return await site.Client.SendAsync(request);
        }

        using var first = await Subscribe(key, 1);
        using var second = await Subscribe(key, 2);
        using var third = await Subscribe(key, 3);
        using var elsewhere = await Subscribe(other, 4);
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Conflict, HttpStatusCode.Created],
            new[] { first, second, third, elsewhere }.Select(r => r.StatusCode));
        Assert.Contains("already holds 2 subscriptions", await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_subscription_requests_are_400()
    {
        await using var site = await NotificationSite.StartAsync();
        var key = await site.KeyAsync();
        foreach (var body in new object[]
        {
            new { channel = "pager", url = "http://127.0.0.1:9/" },
            new { channel = "webhook", url = "ftp://127.0.0.1/" },
            new { channel = "webhook", url = "http://user:pw@127.0.0.1/" },
            new { channel = "slack", url = "http://127.0.0.1:9/", service = "nobody" },
            new { channel = "webhook", url = "http://127.0.0.1:9/", secret = "short" },
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/subscriptions") { Content = JsonContent.Create(body) };
            request.Headers.Add("X-Api-Key", key);
            using var response = await site.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Fact]
    public async Task Writes_over_the_limit_get_429_with_retry_after_per_key_and_per_client()
    {
        await using var site = await NotificationSite.StartAsync("--Api:PermitsPerKey=2", "--Api:PermitsPerClient=2", "--Api:PermitWindow=00:10:00");
        var key = await site.KeyAsync();
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await site.Client.SendAsync(Create(bearer: key)));
        }

        // A key's first request counts against its client (the key is not known to be real yet); then the key's own two.
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests],
            answers.Select(a => a.StatusCode));
        Assert.True(answers[3].Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", answers[3].Content.Headers.ContentType!.MediaType);

        // Another key has its own allowance once verified (its first request takes the client's last permit).
        var second = await site.KeyAsync("second");
        using (var other = await site.Client.SendAsync(Create(bearer: second)))
        {
            Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        }

        using (var again = await site.Client.SendAsync(Create(bearer: second)))
        {
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        }

        // Made-up keys do not each get an allowance: they share the client's, which is used up.
        for (var i = 0; i < 3; i++)
        {
            using var made = await site.Client.SendAsync(Create(bearer: $"dwk_madeup{i}"));
            Assert.Equal(HttpStatusCode.TooManyRequests, made.StatusCode);
        }

        // Public subscribing is limited per client, whatever key headers it carries.
        var subscribes = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/subscriptions/email")
            {
                Content = JsonContent.Create(new { email = $"user{i}@example.test" }),
            };
            request.Headers.Add("X-Api-Key", $"dwk_random{i}");
            using var response = await site.Client.SendAsync(request);
            subscribes.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, subscribes[2]);
        answers.ForEach(a => a.Dispose());
    }
}
