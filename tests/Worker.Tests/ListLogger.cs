using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Hpo.Worker.Tests;

/// <summary>Keeps what is logged, to check which way the code went.</summary>
internal sealed class ListLogger : ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter) => Lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
}
