using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Downwatch.Bench;

/// <summary>
/// One keep-alive HTTP/1.1 connection to 127.0.0.1 that sends prepared request bytes and reads the answer: the status
/// code and the body (Content-Length or chunked). Deliberately small, like wrk, so the load generator costs little of
/// the CPU it shares with the server under test.
/// </summary>
internal sealed class Http1Connection : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[256 * 1024];
    private readonly byte[] _body = new byte[1024];
    private int _start;
    private int _end;

    private Http1Connection(Socket socket) => _socket = socket;

    public static async Task<Http1Connection> OpenAsync(int port, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
        return new Http1Connection(socket);
    }

    /// <summary>Sends one request and returns the status code and the body (valid until the next call).</summary>
    public async Task<(int Status, ReadOnlyMemory<byte> Body)> SendAsync(ReadOnlyMemory<byte> request, CancellationToken ct)
    {
        await _socket.SendAsync(request, SocketFlags.None, ct);
        int headerEnd;
        while ((headerEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0)
        {
            await FillAsync(ct);
        }

        var head = _buffer.AsSpan(_start, headerEnd);
        var status = Number(head[9..12]);
        var bodyStart = _start + headerEnd + 4;
        var length = HeaderValue(head, "content-length: "u8);
        if (!length.IsEmpty)
        {
            var size = Number(length);
            while (_end - bodyStart < size)
            {
                await FillAsync(ct);
            }

            _start = bodyStart + size;
            return (status, _buffer.AsMemory(bodyStart, size));
        }

        // chunked: the first KB of the body is kept (enough for a JSON answer), the rest is skipped over
        _start = bodyStart;
        var kept = 0;
        while (true)
        {
            int lineEnd;
            while ((lineEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0)
            {
                await FillAsync(ct);
            }

            var chunk = Number(_buffer.AsSpan(_start, lineEnd), 'x');
            while (_end - _start < lineEnd + 2 + chunk + 2)
            {
                await FillAsync(ct);
            }

            var keep = Math.Min(chunk, _body.Length - kept);
            _buffer.AsSpan(_start + lineEnd + 2, keep).CopyTo(_body.AsSpan(kept));
            kept += keep;
            _start += lineEnd + 2 + chunk + 2;
            if (chunk == 0)
            {
                return (status, _body.AsMemory(0, kept));
            }
        }
    }

    private static int Number(ReadOnlySpan<byte> text, char format = default) =>
        Utf8Parser.TryParse(text, out int value, out _, format) ? value : throw new InvalidDataException("A malformed HTTP answer.");

    private async Task FillAsync(CancellationToken ct)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            throw new InvalidOperationException("An answer did not fit the read buffer.");
        }

        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, ct);
        if (read == 0)
        {
            throw new IOException("The server closed the connection.");
        }

        _end += read;
    }

    private static ReadOnlySpan<byte> HeaderValue(ReadOnlySpan<byte> head, ReadOnlySpan<byte> name)
    {
        Span<byte> lower = stackalloc byte[Math.Min(head.Length, 8192)];
        var copied = Ascii.ToLower(head[..lower.Length], lower, out var written);
        _ = copied;
        var at = lower[..written].IndexOf(name);
        if (at < 0)
        {
            return default;
        }

        var value = head[(at + name.Length)..];
        var end = value.IndexOf("\r\n"u8);
        return end < 0 ? value : value[..end];
    }

    public static byte[] Request(string method, string path, int port, string? userAgent = null, string? json = null, string? forwardedFor = null)
    {
        var body = json is null ? [] : Encoding.UTF8.GetBytes(json);
        var head = new StringBuilder().Append(method).Append(' ').Append(path).Append(" HTTP/1.1\r\nHost: 127.0.0.1:").Append(port).Append("\r\n");
        if (userAgent is not null)
        {
            head.Append("User-Agent: ").Append(userAgent).Append("\r\n");
        }

        if (forwardedFor is not null)
        {
            head.Append("X-Forwarded-For: ").Append(forwardedFor).Append("\r\n");
        }

        if (json is not null)
        {
            head.Append("Content-Type: application/json\r\nContent-Length: ").Append(body.Length).Append("\r\n");
        }

        head.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body];
    }

    public void Dispose() => _socket.Dispose();
}
