using System.Net;
using Downwatch.Storage;
using Microsoft.Extensions.Options;

namespace Downwatch.Feeds.Polling;

/// <summary>A fetched feed, or <see cref="NotModified"/> when the server confirmed the last body still holds.</summary>
public sealed record FetchResult(bool NotModified, byte[]? Body, string? ContentType, string? ETag, string? LastModified);

/// <summary>A feed that could not be fetched, with a message an operator can act on.</summary>
public sealed class FeedFetchException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// One bounded GET of a feed: conditional (If-None-Match / If-Modified-Since) when a last good body exists, within
/// <see cref="OfficialStatusOptions.Timeout"/> for headers and body together, and never more than
/// <see cref="OfficialStatusOptions.MaxBodyBytes"/> read. Retries of transient failures come from the client's resilience handler.
/// </summary>
public sealed class FeedFetcher(IHttpClientFactory clients, IOptions<OfficialStatusOptions> options, TimeProvider time)
{
    public const string ClientName = "official-status";

    public async Task<FetchResult> FetchAsync(Uri url, FeedState? previous, CancellationToken cancellationToken)
    {
        var o = options.Value;
        using var timeout = new CancellationTokenSource(o.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", "application/json, application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5");
        if (previous?.Body is not null)
        {
            if (previous.ETag is { } etag)
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            }

            if (previous.LastModified is { } modified)
            {
                request.Headers.TryAddWithoutValidation("If-Modified-Since", modified);
            }
        }

        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return new FetchResult(true, null, null, previous?.ETag, previous?.LastModified);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new FeedFetchException($"the server answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd());
            }

            if (response.Content.Headers.ContentLength is { } length && length > o.MaxBodyBytes)
            {
                throw new FeedFetchException($"the body is {length:N0} bytes, over the limit of {o.MaxBodyBytes:N0}");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(linked.Token);
            var body = await ReadBoundedAsync(stream, o.MaxBodyBytes, linked.Token);
            return new FetchResult(false, body, response.Content.Headers.ContentType?.ToString(), response.Headers.ETag?.ToString(),
                response.Content.Headers.LastModified?.ToString("R"));
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new FeedFetchException($"no complete answer within {o.Timeout.TotalSeconds:0.#} s", e);
        }
        catch (HttpRequestException e)
        {
            throw new FeedFetchException($"the request failed: {e.Message}", e);
        }
        catch (Polly.Timeout.TimeoutRejectedException e)
        {
            throw new FeedFetchException($"no answer within {o.Timeout.TotalSeconds:0.#} s", e);
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream stream, long max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + n > max)
            {
                throw new FeedFetchException($"the body is over the limit of {max:N0} bytes");
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }
}
