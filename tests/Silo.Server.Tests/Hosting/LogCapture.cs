using Microsoft.Extensions.Logging;

namespace Silo.Server.Tests.Hosting;

/// <summary>A logger provider that keeps every line it is given, so a test can read the server's log.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    public sealed record Line(string Category, LogLevel Level, string Message);

    private readonly Lock _lock = new();
    private readonly List<Line> _lines = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<Line> Lines
    {
        get
        {
            lock (_lock) return [.. _lines];
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Waits, without polling, until the captured lines satisfy <paramref name="done"/>.</summary>
    public async Task<IReadOnlyList<Line>> WaitForAsync(Func<IReadOnlyList<Line>, bool> done, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (done(_lines)) return [.. _lines];
                changed = _changed.Task;
            }
            await changed.WaitAsync(cancel.Token);
        }
    }

    private void Add(Line line)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _lines.Add(line);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.SetResult();
    }

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(new Line(category, logLevel, formatter(state, exception) + (exception is null ? "" : " " + exception)));
    }
}
