using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Downwatch.Web.Tests;

/// <summary>Keeps every log line of a test host, for tests that read what an operator would see.</summary>
internal sealed class KeepingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Keeping(lines);

    public void Dispose()
    {
    }

    private sealed class Keeping(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception) + exception);
    }
}
