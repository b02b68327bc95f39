using Microsoft.Extensions.AI;

namespace AiGateway.Client.Middleware.Failover;

/// <summary>
/// One call a <see cref="GatewayFailoverChatClient"/> made to its inner client for a request. Shaped like
/// Microsoft.Extensions.AI's <c>FailoverChatClientAttempt</c> (client, duration, exception, output committed, response
/// completed, time to first update) plus which target was called and the retry delay that followed.
/// </summary>
/// <remarks>
/// A completed response has <see cref="ResponseCompleted"/> <see langword="true"/> and no <see cref="Exception"/>;
/// a failed call has the exception; a stream the caller stopped reading early has neither.
/// </remarks>
public sealed class FailoverAttempt
{
    internal FailoverAttempt(
        IChatClient client,
        FailoverTarget target,
        int attemptNumber,
        int targetAttemptNumber,
        Exception? exception,
        TimeSpan duration,
        TimeSpan? timeToFirstUpdate,
        bool responseCompleted,
        bool outputCommitted,
        TimeSpan? retryDelay)
    {
        Client = client;
        Target = target;
        AttemptNumber = attemptNumber;
        TargetAttemptNumber = targetAttemptNumber;
        Exception = exception;
        Duration = duration;
        TimeToFirstUpdate = timeToFirstUpdate;
        ResponseCompleted = responseCompleted;
        OutputCommitted = outputCommitted;
        RetryDelay = retryDelay;
    }

    /// <summary>Gets the client that was called (the failover client's inner client).</summary>
    public IChatClient Client { get; }

    /// <summary>Gets the target the call went to, with the model and gateway resolved where they were known.</summary>
    public FailoverTarget Target { get; }

    /// <summary>Gets the 1-based number of this call within the request.</summary>
    public int AttemptNumber { get; }

    /// <summary>Gets the 1-based number of this call within its target (2 = the first retry).</summary>
    public int TargetAttemptNumber { get; }

    /// <summary>Gets the exception the call ended with, if any.</summary>
    public Exception? Exception { get; }

    /// <summary>
    /// Gets the time spent in the call. For a stream: until its first update, plus the time spent waiting for each later
    /// update; the time the caller spent between updates is not counted, nor is handing over an update that had already
    /// arrived (well under a microsecond, not worth two clock reads per update).
    /// </summary>
    public TimeSpan Duration { get; }

    /// <summary>Gets the time until the first streamed update, for a stream that produced one.</summary>
    public TimeSpan? TimeToFirstUpdate { get; }

    /// <summary>Gets a value indicating whether the response completed.</summary>
    public bool ResponseCompleted { get; }

    /// <summary>Gets a value indicating whether any streamed update reached the caller (after which nothing is retried).</summary>
    public bool OutputCommitted { get; }

    /// <summary>Gets the delay before the same target is called again, when it is retried.</summary>
    public TimeSpan? RetryDelay { get; }

    /// <summary>The same attempt, now known to be followed by a retry of its target after <paramref name="delay"/>.</summary>
    internal FailoverAttempt WithRetryDelay(TimeSpan delay) =>
        new(Client, Target, AttemptNumber, TargetAttemptNumber, Exception, Duration, TimeToFirstUpdate, ResponseCompleted, OutputCommitted, delay);

    /// <inheritdoc />
    public override string ToString() =>
        $"#{AttemptNumber} {Target} (try {TargetAttemptNumber}): {(ResponseCompleted ? "completed" : Exception is { } ex ? ex.GetType().Name : "abandoned")}";
}
