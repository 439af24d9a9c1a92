using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace Downwatch.Web.Hosting;

/// <summary>
/// HEAD answered on every address that answers GET, with the same status and headers and no body: uptime monitors
/// and link checkers ask with HEAD, and a 404 or 405 there reads as "this status site is down". Runs before routing,
/// so the request is routed as a GET; what the handler writes is discarded. A live stream (text/event-stream) would
/// never end: once its headers are out, it is told the client is gone.
/// </summary>
internal static class HeadRequests
{
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }

        var aborted = context.RequestAborted;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var body = context.Features.Get<IHttpResponseBodyFeature>()!;
        context.Features.Set<IHttpResponseBodyFeature>(new HeadersOnly(body, context.Response, done));
        context.Request.Method = HttpMethods.Get;
        context.RequestAborted = done.Token;
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(body);
            context.Request.Method = HttpMethods.Head;
            context.RequestAborted = aborted;
        }
    });

    /// <summary>Sends the headers when the handler starts its answer (or first writes) and discards the body.</summary>
    private sealed class HeadersOnly : IHttpResponseBodyFeature
    {
        private readonly IHttpResponseBodyFeature _inner;
        private readonly HttpResponse _response;
        private readonly CancellationTokenSource _done;
        private bool _started;

        public HeadersOnly(IHttpResponseBodyFeature inner, HttpResponse response, CancellationTokenSource done)
        {
            _inner = inner;
            _response = response;
            _done = done;
            Stream = new Discarding(this);
            Writer = PipeWriter.Create(Stream);
        }

        public Stream Stream { get; }

        public PipeWriter Writer { get; }

        public void DisableBuffering() => _inner.DisableBuffering();

        public async Task StartAsync(CancellationToken cancellationToken = default)
        {
            if (_started)
            {
                return;
            }

            _started = true;
            await _inner.StartAsync(cancellationToken);
            if (_response.ContentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) == true)
            {
                await _done.CancelAsync();
            }
        }

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task CompleteAsync() => _inner.CompleteAsync();

        /// <summary>A body that goes nowhere; its first write or flush sends the headers.</summary>
        private sealed class Discarding(HeadersOnly owner) : Stream
        {
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => 0;
            public override long Position { get => 0; set => throw new NotSupportedException(); }

            public override void Flush()
            {
            }

            public override Task FlushAsync(CancellationToken cancellationToken) => owner.StartAsync(cancellationToken);

            public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
                new(owner.StartAsync(cancellationToken));

            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => owner.StartAsync(cancellationToken);

            public override void Write(byte[] buffer, int offset, int count)
            {
            }

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
        }
    }
}
