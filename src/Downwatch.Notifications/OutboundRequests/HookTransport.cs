using System.Net;
using System.Text;
using Microsoft.Extensions.Options;

namespace Downwatch.Notifications;

/// <summary>
/// POSTs a JSON body to a receiver's URL with the bounds every HTTP notifier shares: no redirects followed (a
/// receiver cannot send us elsewhere), the attempt's timeout, and at most a few bytes of the answer read.
/// </summary>
public sealed class HookTransport(IHttpClientFactory clients, IOptions<NotificationOptions> options)
{
    public const string ClientName = "notifications";

    public async Task<DeliveryResult> PostAsync(string url, string json, IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
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
            return DeliveryResult.Failed($"HTTP {code}: redirected to {response.Headers.Location}, which is not followed.");
        }

        var text = await ReadSomeAsync(response, cancellationToken);
        var error = $"HTTP {code}" + (text.Length > 0 ? ": " + text : "");
        var retryAfter = response.Headers.RetryAfter?.Delta;
        var permanent = code is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
            or HttpStatusCode.Conflict or (HttpStatusCode)425);
        return DeliveryResult.Failed(error, permanent, retryAfter);
    }

    /// <summary>The start of the answer's body, for the error text; the rest is left unread.</summary>
    private async Task<string> ReadSomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxResponseBytes;
        if (limit == 0)
        {
            return "";
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[limit];
        var read = 0;
        while (read < limit)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read, limit - read), cancellationToken);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, read).ReplaceLineEndings(" ").Trim();
        return text.Length > 200 ? text[..200] : text;
    }
}
