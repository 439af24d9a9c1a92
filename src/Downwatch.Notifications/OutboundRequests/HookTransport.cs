using System.Net;
using System.Text;

namespace Downwatch.Notifications;

/// <summary>
/// POSTs a JSON body to a receiver's URL with the bounds every HTTP notifier shares: no redirects followed (a
/// receiver cannot send us elsewhere), the attempt's timeout, a refused address failing for good, and nothing of the
/// answer kept but its status code (its body is never read, so it can never reach whoever made the subscription).
/// </summary>
public sealed class HookTransport(IHttpClientFactory clients)
{
    public const string ClientName = "notifications";

    public async Task<DeliveryResult> PostAsync(string url, string json, IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync(url, json, headers, cancellationToken);
        }
        catch (HttpRequestException e) when ((e as RefusedTargetException ?? e.InnerException as RefusedTargetException) is { } refused)
        {
            return DeliveryResult.Failed(refused.Message, permanent: true); // no connection was opened; trying again changes nothing
        }
    }

    private async Task<DeliveryResult> SendAsync(string url, string json, IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return DeliveryResult.Failed("The address is not an http(s) URL.", permanent: true);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var client = clients.CreateClient(ClientName);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var code = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return DeliveryResult.Ok;
        }

        if (code is >= 300 and < 400)
        {
            return DeliveryResult.Failed($"HTTP {code}: a redirect, which is not followed.");
        }

        var error = $"HTTP {code}";
        var retryAfter = response.Headers.RetryAfter?.Delta;
        var permanent = code is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
            or HttpStatusCode.Conflict or (HttpStatusCode)425);
        return DeliveryResult.Failed(error, permanent, retryAfter);
    }
}
