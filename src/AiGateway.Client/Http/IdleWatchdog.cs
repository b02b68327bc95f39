namespace AiGateway.Client.Http;

/// <summary>
/// Cancels <see cref="Token"/> when no progress was reported for a given time, or when the caller's token fires. A
/// stream reports progress before every read, so this replaces re-arming a timer per chunk
/// (<see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/> takes the timer queue's lock every time) with a
/// timestamp write: one timer checks the last progress when it fires and, if the stream moved since, waits only the
/// time that is left. The deadline is the same: last progress + timeout.
/// </summary>
internal sealed class IdleWatchdog : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _timeout;
    private readonly ITimer _timer;
    private readonly CancellationTokenRegistration _callerCancels;
    private long _lastProgress;

    public IdleWatchdog(TimeSpan timeout, TimeProvider timeProvider, CancellationToken callerToken)
    {
        _timeProvider = timeProvider;
        _timeout = timeout;
        _lastProgress = timeProvider.GetTimestamp();
        _timer = timeProvider.CreateTimer(static s => ((IdleWatchdog)s!).Check(), this, timeout, Timeout.InfiniteTimeSpan);
        _callerCancels = callerToken.UnsafeRegister(static s => ((IdleWatchdog)s!).Cancel(), this);
    }

    /// <summary>Gets the token that fires on a stall or on the caller's cancellation.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>Gets a value indicating whether <see cref="Token"/> fired.</summary>
    public bool IsCancellationRequested => _cancellation.IsCancellationRequested;

    /// <summary>Restarts the idle time from now.</summary>
    public void Progress() => Volatile.Write(ref _lastProgress, _timeProvider.GetTimestamp());

    public void Dispose()
    {
        _callerCancels.Dispose();
        _timer.Dispose();
        _cancellation.Dispose();
    }

    private void Check()
    {
        var idle = _timeProvider.GetElapsedTime(Volatile.Read(ref _lastProgress));
        if (idle >= _timeout)
        {
            Cancel();
            return;
        }

        try
        {
            _timer.Change(_timeout - idle, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The stream ended while the timer fired.
        }
    }

    private void Cancel()
    {
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The stream ended while the timer fired.
        }
    }
}
