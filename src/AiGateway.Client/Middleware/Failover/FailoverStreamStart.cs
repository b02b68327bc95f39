using Microsoft.Extensions.AI;
using Polly;

namespace AiGateway.Client.Middleware.Failover;

/// <summary>
/// A stream that has started on one target: its enumerator, moved to the first update (or the end). Until the first
/// update arrives a stream can still be retried or failed over; <see cref="StartAsync"/> is the attempt Polly runs.
/// </summary>
internal sealed class FailoverStreamStart
{
    private FailoverStreamStart(IAsyncEnumerator<ChatResponseUpdate> enumerator, bool hasFirst, TimeSpan? timeToFirstUpdate, AttemptTimeout? timeout)
    {
        Enumerator = enumerator;
        HasFirst = hasFirst;
        TimeToFirstUpdate = timeToFirstUpdate;
        Timeout = timeout;
    }

    public IAsyncEnumerator<ChatResponseUpdate> Enumerator { get; }

    public bool HasFirst { get; }

    public TimeSpan? TimeToFirstUpdate { get; }

    public AttemptTimeout? Timeout { get; }

    /// <summary>One call to the inner client for a stream: succeeds once the first update (or the end) arrived; a failure is returned as the outcome, never thrown.</summary>
    /// <param name="request">The request.</param>
    /// <param name="inner">The client to call.</param>
    /// <param name="attemptTimeout">The attempt timeout, if any.</param>
    /// <param name="timeProvider">The clock of the attempt timeout.</param>
    /// <param name="attemptClock">The clock that times the attempt, or <see langword="null"/> when nobody reads attempts' durations.</param>
    public static async ValueTask<Outcome<object>> StartAsync(FailoverRequest request, IChatClient inner, TimeSpan? attemptTimeout, TimeProvider timeProvider, TimeProvider? attemptClock)
    {
        var (index, attemptNumber, targetAttempt) = request.BeginAttempt();
        var options = request.OptionsFor(index);
        var started = attemptClock?.GetTimestamp() ?? 0;
        var timeout = AttemptTimeout.Start(attemptTimeout, timeProvider, request.CallerToken);
        var token = timeout?.Token ?? request.CallerToken;
        IAsyncEnumerator<ChatResponseUpdate>? enumerator = null;
        try
        {
            enumerator = inner.GetStreamingResponseAsync(request.Context.Messages, options, token).GetAsyncEnumerator(token);
            var hasFirst = await enumerator.MoveNextAsync().ConfigureAwait(false);

            // The timeout covers the wait for the first update only; the rest of the stream runs on the caller's clock.
            timeout?.Stop();
            if (timeout is { HasElapsed: true } && !request.CallerToken.IsCancellationRequested)
            {
                // The timeout fired as the first update arrived, too late to stop: the stream's token is cancelled,
                // so the rest of it would fail after output reached the caller. Nothing was passed on yet, so this
                // is still the attempt timeout it is (retried, or failed over), not a cancellation mid-answer.
                throw new OperationCanceledException(timeout.Token);
            }

            var elapsed = Elapsed(attemptClock, started);
            request.SetPending(new FailoverAttempt(inner, request.Targets[index].Target, attemptNumber, targetAttempt, null, elapsed, null, false, false, null));
            return Outcome.FromResult<object>(new FailoverStreamStart(enumerator, hasFirst, hasFirst ? elapsed : null, timeout));
        }
        catch (Exception ex)
        {
            if (enumerator is not null)
            {
                await DisposeQuietlyAsync(enumerator).ConfigureAwait(false);
            }

            var failure = timeout?.Convert(ex, request.Targets[index].Target, streaming: true) ?? ex;
            timeout?.Dispose();
            request.SetPending(new FailoverAttempt(inner, request.Targets[index].Target, attemptNumber, targetAttempt, failure, Elapsed(attemptClock, started), null, false, false, null));
            return Outcome.FromException<object>(failure);
        }
    }

    /// <summary>The time since <paramref name="started"/> on <paramref name="clock"/>; zero when attempts are not timed.</summary>
    public static TimeSpan Elapsed(TimeProvider? clock, long started) => clock?.GetElapsedTime(started) ?? TimeSpan.Zero;

    private static async ValueTask DisposeQuietlyAsync(IAsyncDisposable disposable)
    {
        try
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The call already failed; a second failure while cleaning up must not hide the first.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
