namespace AiGateway.Client.Http;

/// <summary>
/// The time limit on reading one whole response body, reusable across calls. Its countdown starts only when the read
/// first has to wait (<see cref="Arm"/>): a body that is already there is read without touching a timer, where arming
/// and resetting one takes the timer queue's lock twice per call. Work done before the first wait is synchronous, so
/// the deadline of a body that does wait is, in effect, the same. Not thread-safe: one read at a time.
/// </summary>
internal sealed class BodyDeadline : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly TimeSpan _limit;
    private bool _armed;

    /// <summary>Creates a deadline of <paramref name="limit"/>, timed by <paramref name="timeProvider"/>; not armed.</summary>
    public BodyDeadline(TimeSpan limit, TimeProvider timeProvider)
    {
        _limit = limit;
        _source = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
    }

    /// <summary>Gets the token that fires when the deadline passes or <see cref="Cancel"/> is called.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Gets a value indicating whether the token fired.</summary>
    public bool IsCancellationRequested => _source.IsCancellationRequested;

    /// <summary>Starts the countdown, once; the read calls this before its first wait.</summary>
    public void Arm()
    {
        if (!_armed)
        {
            _armed = true;
            _source.CancelAfter(_limit);
        }
    }

    /// <summary>Fires the token now (the caller cancelled).</summary>
    public void Cancel() => _source.Cancel();

    /// <summary>Makes the deadline ready for the next read: <see langword="false"/> when it fired (dispose it then).</summary>
    public bool TryReset()
    {
        if (!_armed)
        {
            // Never armed: no timer runs, and a read that did not wait left no registration on the token.
            return !_source.IsCancellationRequested;
        }

        _armed = false;
        return _source.TryReset();
    }

    public void Dispose() => _source.Dispose();
}
