using Downwatch.Domain.ErrorDiagnosis;

namespace Downwatch.Domain.Tests.ErrorDiagnosis;

/// <summary>The tolerant reader finds key/value pairs in every format programs print errors in.</summary>
public class FieldReaderTests
{
    private static List<TextField> Read(string text)
    {
        var fields = new List<TextField>();
        FieldReader.Read(FieldReader.Flatten(text), fields);
        return fields;
    }

    [Theory]
    [InlineData("""{"error":{"code":"invalid_api_key","message":"x"}}""")]
    [InlineData("""{'error': {'code': 'invalid_api_key', 'message': "model's x"}}""")]
    [InlineData("""{ error: { code: 'invalid_api_key', message: 'x' } }""")]
    [InlineData("map[error:map[code:invalid_api_key message:x]]")]
    public void Reads_json_python_javascript_and_go_forms(string text) =>
        Assert.Contains(Read(text), f => f is { Key: "code", Parent: "error", Value: "invalid_api_key" });

    [Fact]
    public void Reads_a_body_quoted_inside_another_body()
    {
        var fields = Read("""{"error":{"message":"{\n  \"error\": {\n    \"code\": 400,\n    \"status\": \"INVALID_ARGUMENT\"\n  }\n}\n","code":400}}""");
        Assert.Contains(fields, f => f is { Key: "status", Parent: "error", Value: "INVALID_ARGUMENT" });
    }

    [Fact]
    public void Reads_headers_and_key_value_log_lines_but_not_urls()
    {
        var fields = Read("retry-after: 20\nstatus_code=503 see https://status.example.com");
        Assert.Contains(fields, f => f is { Key: "retry-after", Value: "20", IsNumber: true });
        Assert.Contains(fields, f => f is { Key: "status_code", Value: "503" });
        Assert.DoesNotContain(fields, f => f.Key == "https");
    }

    [Fact]
    public void Deep_nesting_and_unbalanced_brackets_are_bounded()
    {
        var text = new string('{', 100_000) + "\"code\": 1" + new string(']', 50_000);
        var fields = Read(text);
        Assert.Contains(fields, f => f.Key == "code");
        Assert.True(Read(string.Concat(Enumerable.Repeat("\"k\":1,", 10_000))).Count <= FieldReader.MaxFields);
    }

    [Fact]
    public void Unescapes_nested_escaping_a_few_levels_deep() =>
        Assert.Equal("{\"a\":\"b\"}", FieldReader.Unescape("{\\\\\\\"a\\\\\\\":\\\\\\\"b\\\\\\\"}"));
}
