using System.Net;

namespace AiGateway.Client.Middleware.Failover;

/// <summary>
/// <see cref="FailoverOptions.AttemptTimeout"/> for one call: a token that is cancelled when the caller cancels or when
/// the timeout (on the configured <see cref="TimeProvider"/>) elapses, and the translation of the second case into a
/// transient <see cref="ProviderUnavailableException"/> so that it is retried like any other timeout.
/// </summary>
internal sealed class AttemptTimeout : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;
    private readonly CancellationToken _callerToken;
    private readonly TimeSpan _timeout;

    private AttemptTimeout(TimeSpan timeout, TimeProvider timeProvider, CancellationToken callerToken)
    {
        _timeout = timeout;
        _callerToken = callerToken;
        _timer = new CancellationTokenSource(timeout, timeProvider);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, _timer.Token);
    }

    /// <summary>Gets the token the call runs with.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>Starts a timeout, or returns <see langword="null"/> when none is configured.</summary>
    public static AttemptTimeout? Start(TimeSpan? timeout, TimeProvider timeProvider, CancellationToken callerToken) =>
        timeout is { } value ? new AttemptTimeout(value, timeProvider, callerToken) : null;

    /// <summary>Gets a value indicating whether the timeout elapsed (the call's token is then cancelled for good).</summary>
    public bool HasElapsed => _timer.IsCancellationRequested;

    /// <summary>Stops the clock (a stream's first update arrived); the token stays usable for the rest of the stream.</summary>
    public void Stop() => _timer.CancelAfter(Timeout.InfiniteTimeSpan);

    /// <summary>Turns the cancellation this timeout caused into a transient timeout error; anything else is returned as is.</summary>
    public Exception Convert(Exception exception, FailoverTarget target, bool streaming)
    {
        if (exception is not OperationCanceledException || !_timer.IsCancellationRequested || _callerToken.IsCancellationRequested)
        {
            return exception;
        }

        return new ProviderUnavailableException(
            $"{target} sent no {(streaming ? "first update" : "response")} within FailoverOptions.AttemptTimeout ({_timeout.TotalSeconds:0.###}s); " +
            "the attempt counts as a transient timeout. Raise AttemptTimeout if the model is slow to answer.",
            exception).SetDetails(target.Gateway, null, HttpStatusCode.RequestTimeout, null, null, null, null, target.ModelId, isTransient: true);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _linked.Dispose();
        _timer.Dispose();
    }
}
