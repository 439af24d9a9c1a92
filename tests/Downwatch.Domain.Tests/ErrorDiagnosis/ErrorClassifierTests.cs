using Downwatch.Domain.ErrorDiagnosis;
using static Downwatch.Domain.Tests.ErrorDiagnosis.BundledKnowledge;

namespace Downwatch.Domain.Tests.ErrorDiagnosis;

/// <summary>Each error shape, SDK format and fact the classifier promises to read, one example each.</summary>
public class ErrorClassifierTests
{
    [Theory]
    [InlineData("""{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}""", "anthropic", "authentication-failed", "anthropic-error")]
    [InlineData("""{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}""", "google-gemini", "rate-limit-exceeded", "google-rpc")]
    [InlineData("""{"error_code":110,"error_msg":"Access token invalid or no longer valid"}""", "baidu-ernie", "authentication-failed", "qianfan-error-code")]
    [InlineData("""{"code":"Arrearage","message":"Access denied, please make sure your account is in good standing.","request_id":"2f5c1d1e-0c1a-9b52-a3f4-8d2b0c4e1a77"}""", "alibaba-qwen", "quota-exceeded", "dashscope")]
    [InlineData("""{"id":"","choices":null,"base_resp":{"status_code":1008,"status_msg":"insufficient balance"}}""", "minimax", "quota-exceeded", "minimax-base-resp")]
    [InlineData("""{"header":{"code":10013,"message":"input content audit failed","sid":"cht000b5e72@dx18b988c77afb81b540","status":2}}""", "iflytek-spark", "content-filtered", "iflytek-header")]
    [InlineData("""{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"The provided credentials could not be validated."},"RequestId":"5e9b6c3a-1f2d-4c8e-9a7b-0d1e2f3a4b5c"}}""", "tencent-hunyuan", "authentication-failed", "tencent-cloud")]
    [InlineData("""An error occurred (AccessDeniedException) when calling the InvokeModel operation: You don't have access to the model with the specified model ID.""", "aws-bedrock", "permission-denied", "aws-error")]
    [InlineData("""{"error":{"code":"1113","message":"余额不足或无可用资源包,请充值。"}}""", "zhipu-glm", "quota-exceeded", "openai-compatible")]
    public void Reads_each_providers_error_shape(string text, string provider, string error, string shape)
    {
        var result = Classifier.Diagnose(text);
        Assert.Equal(provider, result.Provider);
        Assert.Equal(error, result.ErrorType);
        Assert.Equal(shape, result.Shape);
    }

    [Theory]
    [InlineData("openai.RateLimitError: Error code: 429 - {'error': {'message': 'Rate limit reached for gpt-4o in organization org-x on tokens per min (TPM): Limit 30000, Used 29937, Requested 385.', 'type': 'tokens', 'param': None, 'code': 'rate_limit_exceeded'}}", "openai", "rate-limit-exceeded", 429)]
    [InlineData("AuthenticationError: 401 Incorrect API key provided: sk-abc. You can find your API key at https://platform.openai.com/account/api-keys.\n    at APIError.generate (node_modules/openai/error.js:44:20)", "openai", "authentication-failed", 401)]
    [InlineData("anthropic.InternalServerError: Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}}", "anthropic", "service-unavailable", 529)]
    [InlineData("Error: 404 {\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model: claude-3-opus-x\"}}\n    at APIError.generate (node_modules/@anthropic-ai/sdk/error.js:58:20)", "anthropic", "model-not-found", 404)]
    [InlineData("botocore.errorfactory.ValidationException: An error occurred (ValidationException) when calling the Converse operation: Access to Anthropic models is not allowed from unsupported countries, regions, or territories.", "aws-bedrock", "region-not-supported", null)]
    [InlineData("HTTP/1.1 401 Unauthorized\r\napim-request-id: 1\r\n\r\n{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.\"}}", "azure-openai", "authentication-failed", 401)]
    public void Reads_sdk_exceptions_status_lines_and_stack_traces(string text, string provider, string error, int? status)
    {
        var result = Classifier.Diagnose(text);
        Assert.Equal(provider, result.Provider);
        Assert.Equal(error, result.ErrorType);
        Assert.Equal(status, result.HttpStatus);
    }

    [Fact]
    public void Extracts_request_id_retry_after_model_and_rate_limit_headers()
    {
        const string text = """
            HTTP/1.1 429 Too Many Requests
            retry-after: 20
            x-ratelimit-remaining-requests: 0
            x-ratelimit-reset-requests: 1s
            x-request-id: req_8f1e2d3c4b5a69788796a5b4c3d2e1f0
            {"error":{"message":"Rate limit reached for gpt-4o in organization org-x on requests per min (RPM): Limit 3, Used 3, Requested 1.","type":"requests","param":null,"code":"rate_limit_exceeded"},"model":"gpt-4o"}
            """;
        var result = Classifier.Diagnose(text);
        Assert.Equal("rate-limit-exceeded", result.ErrorType);
        Assert.Equal(429, result.HttpStatus);
        Assert.Equal("req_8f1e2d3c4b5a69788796a5b4c3d2e1f0", result.Facts.RequestId);
        Assert.Equal("20 s", result.Facts.RetryAfter);
        Assert.Equal("gpt-4o", result.Facts.Model);
        Assert.Contains(result.Facts.RateLimitHeaders, h => h.Key == "x-ratelimit-remaining-requests" && h.Value == "0");
        Assert.Equal(Verdict.YourSide, result.Verdict);
    }

    [Fact]
    public void Reads_retry_hints_and_models_from_plain_sentences()
    {
        var result = Classifier.Diagnose("InvalidRequestError: The model `gpt-4-32k` does not exist or you do not have access to it. Please retry after 7 seconds.");
        Assert.Equal("gpt-4-32k", result.Facts.Model);
        Assert.Equal("7 s", result.Facts.RetryAfter);
    }

    [Theory]
    [InlineData("<400> InternalError.Algo.DataInspectionFailed: Input text data may contain inappropriate content.", 400)]
    [InlineData("503. The model is overloaded.", 503)]
    [InlineData("提示“400: [GoogleGenerativeAI Error]: Candidate was blocked due to SAFETY”", 400)]
    public void Reads_a_status_set_off_by_brackets_quotes_or_a_full_stop(string text, int status) =>
        Assert.Equal(status, Classifier.Diagnose(text).HttpStatus);

    [Theory]
    [InlineData("line 429, in _request")]
    [InlineData("Limit 30000, Used 29937, Requested 385")]
    [InlineData("connected to 10.0.0.1 port 443")]
    [InlineData("2026-05-22T03:59:08.503Z")]
    [InlineData("at TLSSocket.emit (node:events:525:35)")]
    public void Numbers_without_status_context_are_not_a_status(string text) =>
        Assert.Null(Classifier.Diagnose(text).HttpStatus);

    [Fact]
    public void Text_it_cannot_place_says_could_not_tell()
    {
        var result = Classifier.Diagnose("Something went wrong while rendering the sidebar. Please reload the page.");
        Assert.Null(result.Provider);
        Assert.Null(result.ErrorType);
        Assert.Equal(Verdict.CouldNotTell, result.Verdict);
    }

    [Fact]
    public void Weak_evidence_gives_candidates_not_an_answer()
    {
        // A bare 504 is a gateway timeout or a gateway error: no error type, but a 5xx is the provider's side.
        var result = Classifier.Diagnose("upstream answered: Error 504");
        Assert.Equal(504, result.HttpStatus);
        Assert.Null(result.ErrorType);
        Assert.Equal(["bad-gateway", "timeout"], result.ErrorCandidates.Select(c => c.Slug).Order());
        Assert.Equal(Verdict.ProviderSide, result.Verdict);
        Assert.Null(result.Provider);
    }

    [Fact]
    public void An_sdk_name_alone_does_not_make_the_provider()
    {
        // The OpenAI SDK talks to many providers; DeepSeek's own message wins over the client library's name.
        var result = Classifier.Diagnose("openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Authentication Fails, Your api key: ****abcd is invalid', 'type': 'authentication_error', 'param': None, 'code': 'invalid_request_error'}}");
        Assert.NotEqual("openai", result.Provider);
        Assert.Equal("authentication-failed", result.ErrorType);
    }

    [Fact]
    public void Only_the_first_64_KB_are_analysed_and_the_result_says_so()
    {
        var text = "Error code: 401 - invalid x-api-key " + new string('x', 200_000);
        var result = Classifier.Diagnose(text);
        Assert.True(result.Truncated);
        Assert.Equal(ErrorClassifier.MaxAnalysedChars, result.AnalysedChars);
        Assert.Equal(text.Length, result.TotalChars);
        Assert.Equal("authentication-failed", result.ErrorType);
    }
}
