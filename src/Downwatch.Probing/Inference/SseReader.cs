using System.Text;

namespace Downwatch.Probing.Inference;

/// <summary>One server-sent event: its <c>event:</c> name (null when absent) and its <c>data:</c> lines joined.</summary>
internal sealed record SseEvent(string? Name, string Data);

/// <summary>A stream broke a bound or the event-stream format: the failure kind and a sentence.</summary>
internal sealed class SseFormatException(string kind, string message) : Exception(message)
{
    public string Kind { get; } = kind;
}

/// <summary>
/// Reads server-sent events incrementally off a response stream (the WHATWG event-stream format: lines, blank line
/// ends an event, <c>:</c> comments), within a bound on the whole stream and on each event, decoding strict UTF-8.
/// Memory stays bounded whatever the upstream sends: a 1 GB event costs one event's bound.
/// </summary>
internal sealed class SseReader(Stream stream, int maxEventBytes, int maxStreamBytes) : IDisposable
{
    private const int RawKept = 4096;
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly byte[] _buffer = new byte[8192];
    private readonly MemoryStream _line = new();
    private readonly MemoryStream _raw = new();
    private int _start;
    private int _end;
    private int _eventBytes;
    private bool _eof;

    public long BytesRead { get; private set; }

    /// <summary>The first few KB of the body as text, for recognising an error or an HTML page that is not a stream.</summary>
    public string RawStart => Encoding.UTF8.GetString(_raw.GetBuffer(), 0, (int)_raw.Length);

    /// <summary>Any bytes arrived at all (the first byte of the body).</summary>
    public bool AnyBytes => BytesRead > 0;

    /// <summary>The next complete event, or null at the end of the stream (a half-sent last event is dropped).</summary>
    /// <exception cref="SseFormatException">A bound was broken or a line is not UTF-8.</exception>
    public async ValueTask<SseEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        string? name = null;
        StringBuilder? data = null;
        _eventBytes = 0;
        while (await ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    return new SseEvent(name, data.ToString());
                }

                name = null;
                _eventBytes = 0;
                continue;
            }

            if (line[0] == ':')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "data":
                    data = data is null ? new StringBuilder(value) : data.Append('\n').Append(value);
                    break;
                case "event":
                    name = value;
                    break;
            }
        }

        return null;
    }

    private async ValueTask<string?> ReadLineAsync(CancellationToken ct)
    {
        _line.SetLength(0);
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var take = (newline < 0 ? _end : newline) - _start;
            _eventBytes += take;
            if (_eventBytes > maxEventBytes)
            {
                throw new SseFormatException(Downwatch.Domain.Inference.InferenceFailure.TooLarge,
                    $"one event was larger than {maxEventBytes} bytes");
            }

            _line.Write(_buffer, _start, take);
            if (newline >= 0)
            {
                _start = newline + 1;
                return Decode();
            }

            _start = _end;
            if (_eof || !await FillAsync(ct))
            {
                _eof = true;
                return _line.Length > 0 ? Decode() : null;
            }
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken ct)
    {
        var room = (int)Math.Min(_buffer.Length, maxStreamBytes - BytesRead + 1);
        var read = await stream.ReadAsync(_buffer.AsMemory(0, Math.Max(room, 1)), ct);
        _start = 0;
        _end = read;
        if (_raw.Length < RawKept)
        {
            _raw.Write(_buffer, 0, (int)Math.Min(read, RawKept - _raw.Length));
        }

        BytesRead += read;
        if (BytesRead > maxStreamBytes)
        {
            throw new SseFormatException(Downwatch.Domain.Inference.InferenceFailure.TooLarge,
                $"the stream went on past {maxStreamBytes} bytes");
        }

        return read > 0;
    }

    private string Decode()
    {
        var length = (int)_line.Length;
        var bytes = _line.GetBuffer();
        if (length > 0 && bytes[length - 1] == '\r')
        {
            length--;
        }

        try
        {
            return Strict.GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            throw new SseFormatException(Downwatch.Domain.Inference.InferenceFailure.MalformedStream, "the stream is not valid UTF-8");
        }
    }

    public void Dispose()
    {
        _line.Dispose();
        _raw.Dispose();
    }
}
