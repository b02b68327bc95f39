using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Tests.TestSupport;

/// <summary>
/// Keeps every log line, for asserting that something logged (and what, and that no secret was in it). It is its own
/// provider and factory too, so it plugs in wherever a test needs an <see cref="ILogger"/>, an
/// <see cref="ILoggerProvider"/> or an <see cref="ILoggerFactory"/>; every category logs into the same list.
/// </summary>
public sealed class ListLogger : ILogger, ILoggerProvider, ILoggerFactory
{
    private readonly List<(LogLevel Level, int EventId, string Message)> _entries = [];

    /// <summary>Gets a snapshot of every entry so far, in order.</summary>
    public IReadOnlyList<(LogLevel Level, int EventId, string Message)> Entries
    {
        get
        {
            lock (_entries)
            {
                return _entries.ToArray();
            }
        }
    }

    /// <summary>Gets the formatted messages so far, in order.</summary>
    public IReadOnlyList<string> Lines => Entries.Select(e => e.Message).ToArray();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries)
        {
            _entries.Add((logLevel, eventId.Id, formatter(state, exception)));
        }
    }

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}
