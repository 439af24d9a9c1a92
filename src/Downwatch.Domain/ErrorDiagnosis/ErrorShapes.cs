namespace Downwatch.Domain.ErrorDiagnosis;

/// <summary>
/// The error-body shapes Downwatch recognises. Which provider a shape points to is data: a service lists the shape's
/// name as an identifier of kind <c>shape</c> in services.yaml. <c>openai-compatible</c> is shared by dozens of
/// providers, so it is reported but identifies no one.
/// </summary>
public static class ErrorShapes
{
    /// <summary>{"type":"error","error":{"type":…,"message":…}}</summary>
    public const string AnthropicError = "anthropic-error";

    /// <summary>{"error":{"code":400,"message":…,"status":"INVALID_ARGUMENT"}}</summary>
    public const string GoogleRpc = "google-rpc";

    /// <summary>{"error_code":110,"error_msg":…}</summary>
    public const string QianfanErrorCode = "qianfan-error-code";

    /// <summary>{"code":"InvalidApiKey","message":…,"request_id":…}</summary>
    public const string DashScope = "dashscope";

    /// <summary>{…,"base_resp":{"status_code":1004,"status_msg":…}}</summary>
    public const string MiniMaxBaseResp = "minimax-base-resp";

    /// <summary>{"header":{"code":10013,"message":…,"sid":…}}</summary>
    public const string IflytekHeader = "iflytek-header";

    /// <summary>{"Response":{"Error":{"Code":…,"Message":…},"RequestId":…}}</summary>
    public const string TencentCloud = "tencent-cloud";

    /// <summary>AWS SDK errors: botocore "An error occurred (X) when calling the Y operation", "$fault", "__type".</summary>
    public const string AwsError = "aws-error";

    /// <summary>{"error":{"message":…,"type":…,"param":…,"code":…}}</summary>
    public const string OpenAiCompatible = "openai-compatible";

    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        AnthropicError, GoogleRpc, QianfanErrorCode, DashScope, MiniMaxBaseResp, IflytekHeader, TencentCloud, AwsError,
        OpenAiCompatible,
    };

    /// <summary>The most specific shape the fields (and, for AWS, the text) show, or null.</summary>
    internal static string? Detect(TextFieldSet fields, ReadOnlySpan<char> text)
    {
        bool typeError = false, errorType = false, errorMessage = false, errorParam = false, errorCode = false;
        bool errorStatusUpper = false, errorCodeNumber = false, qianfanCode = false, qianfanMessage = false;
        bool topCode = false, topMessage = false, topRequestId = false, baseResp = false, headerCode = false, headerSid = false;
        bool tencentError = false, tencentRequest = false, aws = false;
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            switch (f.Key)
            {
                case "type" when f.Value is "error": typeError = true; break;
                case "type" when f.Parent is "error": errorType = true; break;
                case "message" when f.Parent is "error": errorMessage = true; break;
                case "param" when f.Parent is "error": errorParam = true; break;
                case "code" when f.Parent is "error":
                    errorCode = true;
                    errorCodeNumber |= f.IsNumber;
                    break;
                case "status" when f.Parent is "error": errorStatusUpper |= IsUpperSnake(f.Value); break;
                case "error_code": qianfanCode = true; break;
                case "error_msg": qianfanMessage = true; break;
                case "code" when f.Parent.Length == 0 && !f.IsNumber && f.Value.Length > 0 && char.IsAsciiLetterUpper(f.Value[0]): topCode = true; break;
                case "message" when f.Parent.Length == 0: topMessage = true; break;
                case "request_id" when f.Parent.Length == 0: topRequestId = true; break;
                case "status_code" or "status_msg" when f.Parent is "base_resp": baseResp = true; break;
                case "code" when f.Parent is "header": headerCode = true; break;
                case "sid" when f.Parent is "header": headerSid = true; break;
                case "Code" when f.Parent is "Error": tencentError = true; break;
                case "RequestId": tencentRequest = true; break;
                case "__type" or "$fault" or "x-amzn-ErrorType": aws = true; break;
            }
        }

        aws |= text.IndexOf("An error occurred (", StringComparison.Ordinal) >= 0 && text.IndexOf(" operation", StringComparison.Ordinal) >= 0;
        return (typeError && errorType) ? AnthropicError
            : (errorStatusUpper && errorCodeNumber) ? GoogleRpc
            : (qianfanCode && qianfanMessage) ? QianfanErrorCode
            : (topCode && topMessage && topRequestId) ? DashScope
            : baseResp ? MiniMaxBaseResp
            : (headerCode && headerSid) ? IflytekHeader
            : (tencentError && tencentRequest) ? TencentCloud
            : aws ? AwsError
            : (errorMessage && (errorType || errorParam || errorCode)) ? OpenAiCompatible
            : null;
    }

    private static bool IsUpperSnake(ReadOnlySpan<char> value)
    {
        if (value.Length < 4)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterUpper(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
