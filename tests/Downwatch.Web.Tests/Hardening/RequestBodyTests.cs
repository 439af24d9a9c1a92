using System.Net;
using System.Text;
using System.Text.Json;

namespace Downwatch.Web.Tests.Hardening;

/// <summary>Bodies the server cannot take are answered 400, 413 or 415 with a sentence saying why, never 500.</summary>
public class RequestBodyTests
{
    // E-mail must be set up, or the subscribe form answers 503 before it reads anything (nothing is sent in these tests).
    private static Task<TestSite> StartAsync() => TestSite.StartAsync(null,
        "--Notifications:Smtp:Host=127.0.0.1", "--Notifications:Smtp:Port=9", "--Notifications:Smtp:Security=None",
        "--Notifications:Smtp:From=Downwatch <status@downwatch.test>");

    public static TheoryData<string, string, int> HostileForms => new()
    {
        { "/status/openai/report", "field of 10 MB", 413 },
        { "/status/openai/report", "2,000 keys", 413 },
        { "/status/openai/report", "key of 3,000 characters", 413 },
        { "/status/openai/report", "broken multipart", 400 },
        { "/status/openai/subscribe", "field of 10 MB", 413 },
        { "/status/openai/subscribe", "2,000 keys", 413 },
        { "/status/openai/subscribe", "key of 3,000 characters", 413 },
        { "/status/openai/subscribe", "broken multipart", 400 },
        { "/diagnose", "field of 10 MB", 413 },
        { "/diagnose", "2,000 keys", 413 },
    };

    [Theory]
    [MemberData(nameof(HostileForms))]
    public async Task Forms_the_server_cannot_read_are_answered_with_a_reason_not_500(string path, string form, int expected)
    {
        await using var site = await StartAsync();
        await site.PageAsync("/status/openai"); // as a browser would have opened it
        // Expect: 100-continue lets the server refuse a body over its limit before the client has sent it all (else the
        // client may still be writing when the server closes the connection, and never reads the answer).
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Form(form) };
        request.Headers.ExpectContinue = true;
        using var response = await site.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expected, $"{form} to {path} answered {(int)response.StatusCode}: {body}");
        Assert.False(string.IsNullOrWhiteSpace(Detail(body)), $"no explanation in: {body}");
        using var healthy = await site.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/diagnose", "{\"text\":")]
    [InlineData("/api/status/openai/reports", "{\"category\": 5}")]
    [InlineData("/api/v1/subscriptions/email", "[1,2")]
    public async Task Malformed_json_is_answered_400_with_a_short_explanation(string path, string json)
    {
        await using var site = await StartAsync();
        using var response = await site.Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("JSON", Detail(body), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/diagnose", "text/plain")]
    [InlineData("/api/status/openai/reports", "application/x-www-form-urlencoded")]
    [InlineData("/api/v1/subscriptions/email", "text/xml")]
    [InlineData("/api/v1/diagnose", "application/json; charset=nope")]
    public async Task A_wrong_content_type_is_answered_415(string path, string contentType)
    {
        await using var site = await StartAsync();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("text=hello"));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await site.Client.PostAsync(path, content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Matches("application/json|UTF-8", Detail(body));
    }

    [Fact]
    public async Task A_json_body_over_the_limit_is_answered_413()
    {
        await using var site = await StartAsync();
        var json = $"{{\"text\": \"{new string('x', 2 * 1024 * 1024)}\"}}";
        using var response = await site.Client.PostAsync("/api/v1/diagnose", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(Detail(await response.Content.ReadAsStringAsync())));
    }

    internal static HttpContent Form(string kind) => kind switch
    {
        "field of 10 MB" => new StringContent("category=slow&note=" + new string('x', 10 * 1024 * 1024), Encoding.ASCII, "application/x-www-form-urlencoded"),
        "2,000 keys" => new StringContent(string.Join('&', Enumerable.Range(0, 2000).Select(i => $"k{i}=v")), Encoding.ASCII, "application/x-www-form-urlencoded"),
        "key of 3,000 characters" => new StringContent(new string('k', 3000) + "=v", Encoding.ASCII, "application/x-www-form-urlencoded"),
        "broken multipart" => Multipart("--xyz\r\nContent-Disposition: form-data; name=\"category\"\r\n\r\nslow"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static ByteArrayContent Multipart(string text)
    {
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(text));
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=xyz");
        return content;
    }

    /// <summary>The explanation: a problem document's detail, or the text of a page.</summary>
    internal static string Detail(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            return body;
        }
    }
}
