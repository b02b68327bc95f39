using AiGateway.Client.Errors;
using Polly.CircuitBreaker;

namespace AiGateway.Client.Middleware.Failover;

/// <summary>What failover does after a failed call.</summary>
internal enum FailoverDecision
{
    /// <summary>The failure goes to the caller: permanent errors (400, 401, 403, 402, 413, Neon 429 without Retry-After) and anything unknown.</summary>
    Stop,

    /// <summary>Retry the same target, then move on (the transient set of docs/gateways.md, "Retry semantics").</summary>
    Retry,

    /// <summary>Do not retry this target, but try the next one (model unavailable, circuit open, Retry-After too long).</summary>
    NextTarget,
}

/// <summary>
/// Sorts failures into <see cref="FailoverDecision"/>s. Transient means what <see cref="AiGatewayException.IsTransient"/>
/// says (408, 409, 429 with a retry hint, 500, 502, 503, 504, 529, connection failures, timeouts), which
/// <see cref="ErrorResponseReader"/> decides once for every gateway.
/// </summary>
internal static class FailoverTriggers
{
    /// <summary>Decides what to do after <paramref name="exception"/>. Caller cancellation is checked before this and never gets here.</summary>
    public static FailoverDecision Classify(Exception exception, TimeSpan maxRetryAfter) => exception switch
    {
        // The target is at fault (this gateway does not serve this model): another target may well succeed.
        ModelNotFoundException => FailoverDecision.NextTarget,
        BrokenCircuitException => FailoverDecision.NextTarget,
        AiGatewayException { IsTransient: true, RetryAfter: { } wait } when wait > maxRetryAfter => FailoverDecision.NextTarget,
        AiGatewayException { IsTransient: true } => FailoverDecision.Retry,
        AiGatewayException => FailoverDecision.Stop,

        // Inner clients other than the leaf (custom middleware, other SDKs) surface raw network failures and timeouts.
        HttpRequestException or TimeoutException => FailoverDecision.Retry,
        OperationCanceledException { InnerException: TimeoutException } => FailoverDecision.Retry,
        _ => FailoverDecision.Stop,
    };

    /// <summary>Tells whether a failure counts against the target's circuit breaker: only transient ones do, never the caller's mistakes.</summary>
    public static bool IsTransientFailure(Exception exception) => exception switch
    {
        ModelNotFoundException or BrokenCircuitException => false,
        AiGatewayException gateway => gateway.IsTransient,
        HttpRequestException or TimeoutException => true,
        OperationCanceledException { InnerException: TimeoutException } => true,
        _ => false,
    };

    /// <summary>A short, secret-free description of a failure for logs and tags: the status code when there is one, else the type name.</summary>
    public static string ErrorType(Exception exception) =>
        exception is AiGatewayException { StatusCode: { } status }
            ? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : exception.GetType().Name;
}
