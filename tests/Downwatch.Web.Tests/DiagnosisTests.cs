using System.Net;
using AngleSharp;
using System.Net.Http.Json;
using System.Text.Json;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;
using Microsoft.Extensions.DependencyInjection;

namespace Downwatch.Web.Tests;

/// <summary>"Is it me or them?" through the real host: the JSON API, the page's form and link, and live status.</summary>
public class DiagnosisTests
{
    private const string OpenAiKey = "openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided: sk-abc. You can find your API key at https://platform.openai.com/account/api-keys.', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}";
    private const string ErnieKey = """{"error_code":110,"error_msg":"Access token invalid or no longer valid"}""";
    private const string NodeRefused = "Error: connect ECONNREFUSED 127.0.0.1:11434";
    private const string DeepSeekHangUp = "FetchError: request to https://api.deepseek.com/chat/completions failed, reason: socket hang up";
    private const string OpenRouterFromAnthropic = """{"error":{"message":"Provider returned error","code":400,"metadata":{"raw":"{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"messages.1.content: Input should be a valid list\"}}","provider_name":"Anthropic"}}}""";
    private const string AnthropicOverload = """Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CXoverloaded01"}""";

    private static async Task<JsonElement> PostApiAsync(TestSite site, string text)
    {
        using var response = await site.Client.PostAsJsonAsync("/api/v1/diagnose", new { text });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();
    }

    [Fact]
    public async Task The_api_answers_provider_error_type_status_verdict_facts_and_links()
    {
        await using var site = await TestSite.StartAsync();
        var answer = await PostApiAsync(site, OpenAiKey);
        Assert.Equal("openai", answer.GetProperty("provider").GetString());
        Assert.Equal("authentication-failed", answer.GetProperty("errorType").GetString());
        Assert.Equal(401, answer.GetProperty("httpStatus").GetInt32());
        Assert.Equal("your-side", answer.GetProperty("verdict").GetString());
        Assert.Equal("/status/openai/errors/authentication-failed", answer.GetProperty("links").GetProperty("serviceError").GetString());
        Assert.Contains("not been checked recently", answer.GetProperty("liveSentence").GetString(), StringComparison.Ordinal);
        Assert.Equal("unknown", answer.GetProperty("live").GetProperty("status").GetString());
        Assert.Equal("high", answer.GetProperty("confidence").GetString());
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("whatWouldDecide").ValueKind);
        Assert.False(answer.GetProperty("noHttpAnswer").GetBoolean());
    }

    [Fact]
    public async Task The_api_says_what_would_decide_when_it_cannot_tell_and_a_lone_status_is_low_confidence()
    {
        await using var site = await TestSite.StartAsync();
        var unknown = await PostApiAsync(site, "the sidebar did not render");
        Assert.Equal("none", unknown.GetProperty("confidence").GetString());
        Assert.Contains("would decide it", unknown.GetProperty("whatWouldDecide").GetString(), StringComparison.Ordinal);
        var status = await PostApiAsync(site, "Request failed with status code 429");
        Assert.Equal("rate-limit-exceeded", status.GetProperty("errorType").GetString());
        Assert.Equal("low", status.GetProperty("confidence").GetString());
    }

    [Fact]
    public async Task A_network_failure_says_no_http_answer_came_back_and_probably_your_network()
    {
        await using var site = await TestSite.StartAsync();
        var answer = await PostApiAsync(site, NodeRefused);
        Assert.Equal("network-error", answer.GetProperty("errorType").GetString());
        Assert.True(answer.GetProperty("noHttpAnswer").GetBoolean());
        Assert.StartsWith("No HTTP answer came back: probably your network or proxy, unless the live status shows an outage.",
            answer.GetProperty("explanation").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_network_failure_against_an_operational_provider_is_your_network_and_during_an_outage_is_not_you()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        var name = catalog.FindService("deepseek")!.Name;
        await site.ObserveAsync(Observations.Probes(catalog, "deepseek", site.Time.GetUtcNow(), ProbeOutcome.Up));
        var calm = await PostApiAsync(site, DeepSeekHangUp);
        Assert.Equal("deepseek", calm.GetProperty("provider").GetString());
        Assert.Equal($"{name} is operational for us right now: no HTTP answer came back, so the cause is most likely your network or proxy.",
            calm.GetProperty("liveSentence").GetString());

        await using var down = await TestSite.StartAsync();
        await down.ObserveAsync(Observations.Probes(catalog, "deepseek", down.Time.GetUtcNow(), ProbeOutcome.Down));
        var outage = await PostApiAsync(down, DeepSeekHangUp);
        Assert.EndsWith("no HTTP answer came back, and that is very likely part of it, not you.", outage.GetProperty("liveSentence").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnosing_is_rate_limited_per_client_through_the_api_and_the_form_alike()
    {
        await using var site = await TestSite.StartAsync(null, "--Api:DiagnosesPerClient=3", "--Api:PermitWindow=00:10:00");
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            using var api = await site.Client.PostAsJsonAsync("/api/v1/diagnose", new { text = "401 invalid_api_key" });
            answers.Add(api.StatusCode);
        }

        using (var form = await site.Client.PostAsync("/diagnose", new FormUrlEncodedContent([new("text", "401 invalid_api_key")])))
        {
            answers.Add(form.StatusCode);
        }

        using var refused = await site.Client.PostAsJsonAsync("/api/v1/diagnose", new { text = "401 invalid_api_key" });
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], answers);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task The_api_refuses_an_empty_text_with_a_problem()
    {
        await using var site = await TestSite.StartAsync();
        using var response = await site.Client.PostAsJsonAsync("/api/v1/diagnose", new { text = " " });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("No error text", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operational_provider_makes_a_key_error_almost_certainly_yours()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        await site.ObserveAsync(Observations.Probes(catalog, "baidu-ernie", site.Time.GetUtcNow(), ProbeOutcome.Up));
        var answer = await PostApiAsync(site, ErnieKey);
        Assert.Equal("baidu-ernie", answer.GetProperty("provider").GetString());
        Assert.Equal("operational", answer.GetProperty("live").GetProperty("status").GetString());
        Assert.Equal($"{catalog.FindService("baidu-ernie")!.Name} is operational: this error (Authentication Failed / Invalid API Key) is almost certainly on your side.",
            answer.GetProperty("liveSentence").GetString());
    }

    [Fact]
    public async Task A_provider_outage_says_not_you_with_the_time_it_started()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        await site.ObserveAsync(Observations.Probes(catalog, "anthropic", site.Time.GetUtcNow(), ProbeOutcome.Down));
        var answer = await PostApiAsync(site, AnthropicOverload);
        Assert.Equal("provider-side", answer.GetProperty("verdict").GetString());
        Assert.Equal("major-outage", answer.GetProperty("live").GetProperty("status").GetString());
        var sentence = answer.GetProperty("liveSentence").GetString()!;
        Assert.StartsWith($"{catalog.FindService("anthropic")!.Name} has a major outage since ", sentence, StringComparison.Ordinal);
        Assert.EndsWith("this 529 is very likely part of it, not you.", sentence, StringComparison.Ordinal);
        Assert.Equal("req_011CXoverloaded01", answer.GetProperty("facts").GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task The_page_form_posts_without_javascript_and_renders_the_answer()
    {
        await using var site = await TestSite.StartAsync();
        using var response = await site.Client.PostAsync("/diagnose", new FormUrlEncodedContent([new("text", AnthropicOverload)]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(response.Content.ReadAsStream()));
        var answer = page.QuerySelector("#answer")!;
        Assert.Equal("provider-side", answer.GetAttribute("data-verdict"));
        Assert.Equal("anthropic", answer.GetAttribute("data-provider"));
        Assert.Equal("service-unavailable", answer.GetAttribute("data-error"));
        Assert.Equal("529", page.QuerySelector(".http-status")!.TextContent);
        Assert.Equal("high", answer.GetAttribute("data-confidence"));
        Assert.Equal("high", page.QuerySelector(".confidence")!.TextContent);
        Assert.Null(page.QuerySelector(".what-would-decide"));
        Assert.NotNull(page.QuerySelector("a[href='/status/anthropic/errors/service-unavailable']"));
        Assert.Equal(AnthropicOverload, page.QuerySelector("textarea[name=text]")!.TextContent);
        PageChecks.AssertHead(page, "/diagnose");
    }

    [Fact]
    public async Task A_link_with_the_text_in_the_query_works_and_unknown_text_gets_candidates()
    {
        await using var site = await TestSite.StartAsync();
        var page = await site.PageAsync("/diagnose?text=" + Uri.EscapeDataString("upstream answered: Error 504"));
        Assert.Equal("provider-side", page.QuerySelector("#answer")!.GetAttribute("data-verdict"));
        Assert.Equal("could not tell", page.QuerySelector(".error-type")!.TextContent.Trim());
        Assert.NotEmpty(page.QuerySelectorAll(".candidates li[data-kind=error]"));
        Assert.Contains("would decide it", page.QuerySelector(".what-would-decide")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector(".confidence"));
        var empty = await site.PageAsync("/diagnose");
        Assert.Null(empty.QuerySelector("#answer"));
        Assert.NotNull(empty.QuerySelector("form[method=post][action='/diagnose'] textarea[name=text]"));
    }

    [Fact]
    public async Task A_gateway_error_names_the_gateway_and_the_upstream_in_the_api_and_on_the_page()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        var answer = await PostApiAsync(site, OpenRouterFromAnthropic);
        Assert.Equal("openrouter", answer.GetProperty("provider").GetString());
        Assert.Equal("OpenRouter", answer.GetProperty("gateway").GetString());
        Assert.Equal("anthropic", answer.GetProperty("upstream").GetString());
        Assert.StartsWith($"It comes from {catalog.FindService("openrouter")!.Name}, passing on an error from {catalog.FindService("anthropic")!.Name}",
            answer.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        var page = await site.PageAsync("/diagnose?text=" + Uri.EscapeDataString(OpenRouterFromAnthropic));
        Assert.Equal("OpenRouter", page.QuerySelector(".gateway")!.TextContent);
        Assert.NotNull(page.QuerySelector(".upstream a[href='/status/anthropic']"));
        var plain = await PostApiAsync(site, OpenAiKey);
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("gateway").ValueKind);
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("upstream").ValueKind);
    }

    [Fact]
    public async Task The_page_shows_no_http_answer_for_a_network_failure()
    {
        await using var site = await TestSite.StartAsync();
        var page = await site.PageAsync("/diagnose?text=" + Uri.EscapeDataString(NodeRefused));
        Assert.Equal("network-error", page.QuerySelector("#answer")!.GetAttribute("data-error"));
        Assert.Equal("none: no HTTP answer came back", page.QuerySelector(".http-status")!.TextContent);
        Assert.Contains("No HTTP answer came back: probably your network or proxy", page.QuerySelector("#answer")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_service_error_page_links_to_the_diagnosis()
    {
        await using var site = await TestSite.StartAsync();
        var catalog = site.Services.GetRequiredService<ServiceCatalog>();
        foreach (var (service, error) in new[] { ("sensetime-sensechat", "authentication-failed"), ("openai", "rate-limit-exceeded"), ("deepseek", catalog.Errors[^1].Slug) })
        {
            var page = await site.PageAsync($"/status/{service}/errors/{error}");
            Assert.NotNull(page.QuerySelector("#diagnose form[method=post][action='/diagnose'] textarea[name=text]"));
            Assert.NotNull(page.QuerySelector("#diagnose a[href='/diagnose']"));
        }
    }
}
