using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Diagnostics;

/// <summary>Failover log lines (event ids 100-119). They name targets, error types and status codes, never a message body or a secret.</summary>
internal static partial class AiGatewayLog
{
    [LoggerMessage(100, LogLevel.Information, "Attempt {Attempt} to {Target} failed ({ErrorType}); retrying the same target in {DelayMs} ms.")]
    public static partial void FailoverRetrying(ILogger logger, int attempt, string target, string errorType, double delayMs);

    [LoggerMessage(101, LogLevel.Warning, "Attempt {Attempt} to {Target} failed ({ErrorType}); failing over to {NextTarget}.")]
    public static partial void FailingOver(ILogger logger, int attempt, string target, string errorType, string nextTarget);

    [LoggerMessage(102, LogLevel.Warning, "The request failed after {Attempts} attempt(s) over {TargetCount} target(s); the last error was {ErrorType} from {Target}.")]
    public static partial void FailoverExhausted(ILogger logger, int attempts, int targetCount, string errorType, string target);

    [LoggerMessage(103, LogLevel.Debug, "{ErrorType} from {Target} is not a failover trigger; it goes to the caller without a retry.")]
    public static partial void FailoverNotTriggered(ILogger logger, string errorType, string target);

    [LoggerMessage(104, LogLevel.Debug, "The caller cancelled the request during attempt {Attempt} to {Target}; no retry or failover.")]
    public static partial void FailoverCancelled(ILogger logger, int attempt, string target);

    [LoggerMessage(105, LogLevel.Information, "Skipping {Target}: its circuit is open (cooling off for {RemainingMs} ms more).")]
    public static partial void FailoverTargetSkipped(ILogger logger, string target, double remainingMs);

    [LoggerMessage(106, LogLevel.Warning, "The circuit for {Target} opened for {BreakMs} ms after repeated failures (last: {ErrorType}).")]
    public static partial void CircuitOpened(ILogger logger, string target, double breakMs, string errorType);

    [LoggerMessage(107, LogLevel.Information, "The circuit for {Target} closed; calls go through again.")]
    public static partial void CircuitClosed(ILogger logger, string target);

    [LoggerMessage(108, LogLevel.Debug, "The circuit for {Target} is half-open; the next call is a trial.")]
    public static partial void CircuitHalfOpened(ILogger logger, string target);

    [LoggerMessage(109, LogLevel.Information, "{Target} answered after {Attempts} attempts.")]
    public static partial void FailoverAnswered(ILogger logger, string target, int attempts);

    [LoggerMessage(110, LogLevel.Debug, "Leaving out failover target {Target}: gateway {Gateway} was not detected in this environment.")]
    public static partial void FailoverTargetNotDetected(ILogger logger, string target, string gateway);

    [LoggerMessage(111, LogLevel.Warning, "The stream from {Target} failed after output reached the caller ({ErrorType}); it is not retried.")]
    public static partial void FailoverStreamFailedAfterOutput(ILogger logger, string target, string errorType);

    [LoggerMessage(112, LogLevel.Debug, "Native fallback model '{ModelId}' cannot be routed on {Gateway} and is left out of the request ({Reason}).")]
    public static partial void NativeFallbackSkipped(ILogger logger, string modelId, string gateway, string reason);
}
