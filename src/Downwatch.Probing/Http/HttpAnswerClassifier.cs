using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.Observations;

namespace Downwatch.Probing.Http;

/// <summary>What an HTTP answer (or the failure to get one) means for an endpoint: up, degraded or down, with a kind and a sentence.</summary>
internal static class HttpAnswerClassifier
{
    /// <summary>An answer with a status and a body read within bounds.</summary>
    public static (ProbeOutcome Outcome, string? Kind, string Detail) Classify(ProbeEndpoint endpoint, int status, bool expected, BodyRead body,
        string? recognized)
    {
        var mismatch = BodyMismatch(endpoint, body.Text);
        var carried = recognized is null ? "" : $" carrying {recognized}";
        var (outcome, kind, detail) = (expected, status) switch
        {
            (true, _) when mismatch is not null => (ProbeOutcome.Degraded, "body-mismatch", $"answered {status} as expected but {mismatch}"),
            (true, _) => (ProbeOutcome.Up, (string?)null, $"answered {status}{carried} as expected"),
            (false, >= 500) => (ProbeOutcome.Down, "http-5xx", $"answered {status}{carried}"),
            _ => (ProbeOutcome.Degraded, "unexpected-status", $"answered {status}{carried}, expected {string.Join(" or ", endpoint.Expect)}"),
        };
        return (outcome, kind, body.Note is null ? detail : $"{detail}; {body.Note}");
    }

    /// <summary>No answer: which step failed (dns, tls, connect) and how to say it.</summary>
    public static (string Kind, string Detail) Transport(HttpRequestException e, string? tlsError) => e.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => ("dns", "the host name did not resolve"),
        HttpRequestError.SecureConnectionError => ("tls", $"TLS handshake failed{(tlsError is { } t ? $" ({t})" : "")}"),
        HttpRequestError.ConnectionError when e.InnerException is SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } =>
            ("dns", "the host name did not resolve"),
        HttpRequestError.ConnectionError => ("connect", $"could not connect: {(e.InnerException ?? e).Message}"),
        _ when tlsError is not null => ("tls", $"TLS handshake failed ({tlsError})"),
        _ => ("connect", $"the connection failed: {(e.InnerException ?? e).Message}"),
    };

    private static string? BodyMismatch(ProbeEndpoint endpoint, string body)
    {
        var missing = endpoint.BodyContains.FirstOrDefault(s => !body.Contains(s, StringComparison.Ordinal));
        if (missing is not null)
        {
            return $"the body lacks \"{missing}\"";
        }

        if (endpoint.JsonPaths.Count == 0)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            var absent = endpoint.JsonPaths.FirstOrDefault(p => !HasPath(json.RootElement, p));
            return absent is null ? null : $"the JSON body has no {absent}";
        }
        catch (JsonException)
        {
            return "the body is not JSON";
        }
    }

    private static bool HasPath(JsonElement element, string path)
    {
        foreach (var part in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(part, out element))
            {
                return false;
            }
        }

        return true;
    }
}
