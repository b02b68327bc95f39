namespace AiGateway.Client.Http;

/// <summary>
/// Cancels <see cref="Token"/> when a read has waited for a given time without an answer, or when the caller's token
/// fires. A stream says when a read has to wait (<see cref="Waiting"/>) and when it was answered (<see cref="Answered"/>);
/// a read answered at once from bytes already buffered reports nothing, so a stream read in full at network speed reads
/// no clock per update (a clock read costs tens of nanoseconds on a virtual machine, a tenth of what an update costs).
/// One timer checks when it fires: while no read waits (the caller is busy with the last update, or the request is
/// still being sent) it only looks again one timeout later; while a read waits it cancels once that read has waited
/// the timeout, else it looks again when the rest of the timeout is up. The deadline is the start of the wait + timeout.
/// </summary>
internal sealed class IdleWatchdog : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _timeout;
    private readonly ITimer _timer;
    private readonly CancellationTokenRegistration _callerCancels;
    private long _waitingSince;
    private int _waiting;

    public IdleWatchdog(TimeSpan timeout, TimeProvider timeProvider, CancellationToken callerToken)
    {
        _timeProvider = timeProvider;
        _timeout = timeout;
        _timer = timeProvider.CreateTimer(static s => ((IdleWatchdog)s!).Check(), this, timeout, Timeout.InfiniteTimeSpan);
        _callerCancels = callerToken.UnsafeRegister(static s => ((IdleWatchdog)s!).Cancel(), this);
    }

    /// <summary>Gets the token that fires on a stall or on the caller's cancellation.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>Gets a value indicating whether <see cref="Token"/> fired.</summary>
    public bool IsCancellationRequested => _cancellation.IsCancellationRequested;

    /// <summary>A read has to wait for more of the body: the idle time starts now.</summary>
    /// <remarks>Only the stream's reader calls this and <see cref="Answered"/> (one read at a time); the timer only reads.</remarks>
    public void Waiting()
    {
        // The start before the flag: a timer that sees the flag set also sees this wait's start (or a later one).
        Volatile.Write(ref _waitingSince, _timeProvider.GetTimestamp());
        Volatile.Write(ref _waiting, 1);
    }

    /// <summary>The read that waited was answered (or failed).</summary>
    public void Answered() => Volatile.Write(ref _waiting, 0);

    public void Dispose()
    {
        _callerCancels.Dispose();
        _timer.Dispose();
        _cancellation.Dispose();
    }

    private void Check()
    {
        var next = _timeout;
        if (Volatile.Read(ref _waiting) == 1)
        {
            var idle = _timeProvider.GetElapsedTime(Volatile.Read(ref _waitingSince));
            if (idle >= _timeout)
            {
                Cancel();
                return;
            }

            next = _timeout - idle;
        }

        try
        {
            _timer.Change(next, Timeout.InfiniteTimeSpan);
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
