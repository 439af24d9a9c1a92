using Downwatch.Domain.ErrorDiagnosis;
using static Downwatch.Domain.Tests.ErrorDiagnosis.BundledKnowledge;

namespace Downwatch.Domain.Tests.ErrorDiagnosis;

/// <summary>The rules that make diagnosis generalise beyond literal strings, one example each.</summary>
public class GeneralisationTests
{
    [Theory]
    [InlineData("Error: connect ECONNREFUSED 127.0.0.1:11434", "network-error")]
    [InlineData("Error: socket hang up\n    at connResetException (node:internal/errors:720:14)", "network-error")]
    [InlineData("requests.exceptions.ConnectionError: ('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))", "network-error")]
    [InlineData("System.Net.Http.HttpRequestException: No such host is known. (api.example.com:443)", "network-error")]
    [InlineData("Post \"https://api.example.com/v1/chat/completions\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)", "timeout")]
    [InlineData("System.Threading.Tasks.TaskCanceledException: The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.", "timeout")]
    [InlineData("curl: (56) Failure when receiving data from the peer", "network-error")]
    [InlineData("AxiosError: timeout of 30000ms exceeded", "timeout")]
    [InlineData("ClientException: Connection closed before full header was received, uri=https://api.example.com/v1/chat", "network-error")]
    [InlineData("Get \"https://api.example.com/v1/models\": net/http: TLS handshake timeout", "timeout")]
    public void A_runtimes_transport_failure_is_told_without_any_provider_knowledge(string text, string error)
    {
        var result = Classifier.Diagnose(text);
        Assert.Equal(error, result.ErrorType);
        Assert.Null(result.HttpStatus);
        Assert.True(result.NoHttpAnswer);
        Assert.Contains(result.ErrorCandidates[0].Reasons, r => r.StartsWith("no HTTP answer", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("HTTP 504 Gateway Timeout: TimeoutError while waiting for the upstream")]
    [InlineData("Request failed with status code 429")]
    public void An_answer_with_an_http_status_is_not_a_missing_http_answer(string text)
    {
        var result = Classifier.Diagnose(text);
        Assert.NotNull(result.HttpStatus);
        Assert.False(result.NoHttpAnswer);
    }

    [Fact]
    public void A_network_failure_is_probably_on_your_side_and_names_the_provider_from_the_host()
    {
        var result = Classifier.Diagnose("FetchError: request to https://api.deepseek.com/chat/completions failed, reason: socket hang up");
        Assert.Equal("deepseek", result.Provider);
        Assert.Equal("network-error", result.ErrorType);
        Assert.Equal(Verdict.YourSide, result.Verdict);
    }

    [Theory]
    [InlineData("SiliconFlow: deepseek-r1 and qwen3 both fail with 400 status code (no body)", "siliconflow")]
    [InlineData("AWS Bedrock: Claude 3.5 Sonnet returned 400 status code (no body)", "aws-bedrock")]
    public void A_platform_named_beside_the_models_it_serves_is_the_provider(string text, string provider)
    {
        var result = Classifier.Diagnose(text);
        Assert.Equal(provider, result.Provider);
    }

    [Fact]
    public void An_http_status_alone_names_its_usual_error_type_with_low_confidence()
    {
        var result = Classifier.Diagnose("Request failed with status code 429");
        Assert.Equal("rate-limit-exceeded", result.ErrorType);
        Assert.Equal(DiagnosisConfidence.Low, result.Confidence);
    }

    [Fact]
    public void A_bare_number_counts_only_once_its_provider_is_known()
    {
        var alone = Classifier.Diagnose("""{"code": 1002, "message": "failed"}""");
        Assert.Null(alone.ErrorType);
        Assert.Null(alone.Provider);
        var minimax = Classifier.Diagnose("""POST https://api.minimax.chat/v1/text/chatcompletion_v2 {"base_resp":{"status_code":1002,"status_msg":"failed"}}""");
        Assert.Equal("minimax", minimax.Provider);
        Assert.Equal("rate-limit-exceeded", minimax.ErrorType);
    }

    [Theory]
    [InlineData("HTTP/1.1 403 Forbidden\nx-amzn-ErrorType: AccessDeniedException\n\n{\"message\":\"Authorization header is missing\"}", "authentication-failed")]
    [InlineData("botocore.exceptions.ClientError: An error occurred (UnrecognizedClientException) when calling the InvokeModel operation: The security token included in the request is invalid.", "authentication-failed")]
    [InlineData("An error occurred (AccessDeniedException) when calling the InvokeModel operation: You don't have access to the model with the specified model ID.", "permission-denied")]
    public void Bedrock_tells_a_missing_or_bad_key_from_a_missing_permission(string text, string error)
    {
        var result = Classifier.Diagnose(text);
        Assert.Equal("aws-bedrock", result.Provider);
        Assert.Equal(error, result.ErrorType);
    }

    [Fact]
    public void MiniMax_2049_is_an_invalid_key()
    {
        var result = Classifier.Diagnose("""{"base_resp":{"status_code":2049,"status_msg":"invalid api key"}}""");
        Assert.Equal("minimax", result.Provider);
        Assert.Equal("authentication-failed", result.ErrorType);
    }

    [Fact]
    public void Conflicting_specific_evidence_is_never_high_confidence()
    {
        // An Anthropic-shaped body whose message is a balance problem: the type says one thing, the message another.
        var result = Classifier.Diagnose("""API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"insufficient balance (1008)"}}""");
        Assert.NotEqual(DiagnosisConfidence.High, result.Confidence);
    }

    [Fact]
    public void A_catch_all_type_gives_way_to_the_message_that_names_the_condition()
    {
        // MiniMax's Anthropic-compatible endpoint: the catch-all "api_error" says only that something failed.
        var result = Classifier.Diagnose("""API Error: 500 {"type":"error","error":{"type":"api_error","message":"insufficient balance (1008)"}}""");
        Assert.Equal("quota-exceeded", result.ErrorType);
        Assert.Equal("minimax", result.Provider);
    }

    [Fact]
    public void Reasons_name_providers_and_formats_in_words_not_ids()
    {
        var result = Classifier.Diagnose("""{"error_code":110,"error_msg":"Access token invalid or no longer valid"}""");
        var reasons = result.ProviderCandidates.Concat(result.ErrorCandidates).SelectMany(c => c.Reasons).ToList();
        Assert.DoesNotContain(reasons, r => r.Contains("baidu-ernie", StringComparison.Ordinal) || r.Contains("qianfan-error-code", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains(BundledCatalog.FindService("baidu-ernie")!.Name, StringComparison.Ordinal));
    }

    [Fact]
    public void Could_not_tell_says_what_would_decide_it_and_nothing_when_all_is_told()
    {
        var unknown = Classifier.Diagnose("upstream answered: Error 504");
        Assert.Null(unknown.ErrorType);
        Assert.Contains(BundledCatalog.FindError(unknown.ErrorCandidates[0].Slug)!.Title, unknown.WhatWouldDecide, StringComparison.Ordinal);
        Assert.Contains(BundledCatalog.FindError(unknown.ErrorCandidates[1].Slug)!.Title, unknown.WhatWouldDecide, StringComparison.Ordinal);
        Assert.Contains("host", Classifier.Diagnose("the sidebar did not render").WhatWouldDecide, StringComparison.Ordinal);
        Assert.Null(Classifier.Diagnose("""{"error_code":110,"error_msg":"Access token invalid or no longer valid"}""").WhatWouldDecide);
    }

    [Fact]
    public void An_openrouter_error_names_openrouter_and_the_upstream_inside_it()
    {
        var result = Classifier.Diagnose("""{"error":{"message":"Provider returned error","code":400,"metadata":{"raw":"{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"messages.1.content: Input should be a valid list\"}}","provider_name":"Anthropic"}}}""");
        Assert.Equal("openrouter", result.Provider);
        Assert.Equal("OpenRouter", result.Gateway);
        Assert.Equal("anthropic", result.Upstream);
    }

    [Fact]
    public void A_litellm_error_names_litellm_as_the_gateway_and_the_provider_it_called()
    {
        var result = Classifier.Diagnose("litellm.RateLimitError: AnthropicException - {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of request tokens has exceeded your per-minute rate limit\"}}");
        Assert.Equal("LiteLLM", result.Gateway);
        Assert.Equal("anthropic", result.Provider);
        Assert.Null(result.Upstream);
        Assert.Equal("rate-limit-exceeded", result.ErrorType);
    }

    [Fact]
    public void A_one_api_error_names_the_gateway_without_inventing_a_provider()
    {
        var result = Classifier.Diagnose("""{"error":{"message":"当前分组上游负载已饱和，请稍后再试 (request id: 20240101000000000000000abcdefgh)","type":"new_api_error","param":"","code":null}}""");
        Assert.Equal("one-api / new-api", result.Gateway);
        Assert.Null(result.Provider);
        Assert.Null(result.Upstream);
    }

    [Fact]
    public void Without_a_gateway_marker_no_gateway_is_named()
    {
        var result = Classifier.Diagnose("anthropic.RateLimitError: Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'Rate limited'}}");
        Assert.Null(result.Gateway);
        Assert.Null(result.Upstream);
    }

    [Theory]
    [InlineData("API Error: 400 {\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Output blocked by content filtering policy\"}}", "anthropic")]
    [InlineData("status code: 400; body: {\"error\":{\"code\":\"1301\",\"message\":\"系统检测到输入或生成内容可能包含不安全或敏感内容，请您避免输入易产生敏感内容的提示语\"}}", "zhipu-glm")]
    public void A_providers_content_filter_phrasing_is_a_content_filter(string text, string provider)
    {
        var result = Classifier.Diagnose(text);
        Assert.Equal("content-filtered", result.ErrorType);
        Assert.Equal(provider, result.Provider);
    }

    [Theory]
    [InlineData("Error: Model stream timed out after 90000ms")]
    [InlineData("我用它生成总是会报read timeout")]
    public void A_stream_or_read_timeout_of_the_client_is_a_timeout_with_no_http_answer(string text)
    {
        var result = Classifier.Diagnose(text);
        Assert.Equal("timeout", result.ErrorType);
        Assert.True(result.NoHttpAnswer);
    }

    [Fact]
    public void A_status_closing_a_line_after_a_colon_is_read_as_the_http_status()
    {
        var result = Classifier.Diagnose("[POST] \"https://api.example.com/v1/user-info\": 500");
        Assert.Equal(500, result.HttpStatus);
        Assert.Equal("internal-server-error", result.ErrorType);
        Assert.Equal(DiagnosisConfidence.Low, result.Confidence);
    }

    [Fact]
    public void A_transport_word_beside_an_http_status_is_the_wrappers_not_the_cause()
    {
        var result = Classifier.Diagnose("Uncaught (in promise) Error: Fetch failed with status 401");
        Assert.Equal(401, result.HttpStatus);
        Assert.Equal("authentication-failed", result.ErrorType);
        Assert.False(result.NoHttpAnswer);
    }
}
