using System.Collections.Concurrent;
using AiGateway.Client.Diagnostics;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace AiGateway.Client.Middleware.Failover;

/// <summary>
/// The Polly pipeline of each target (retry around a circuit breaker), built once from the validated, read-only
/// options and cached per target identity, so a target's breaker sees all its calls. Apps use a handful of targets.
/// </summary>
internal sealed class FailoverPipelines
{
    /// <summary>How a pipeline's callbacks find the request they run for.</summary>
    public static readonly ResiliencePropertyKey<FailoverRequest> RequestKey = new("aigateway.failover.request");

    private readonly ConcurrentDictionary<FailoverTargetKey, Lazy<TargetPipeline>> _pipelines = new();
    private readonly FailoverOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly FailoverTelemetry _telemetry;
    private readonly Action<FailoverCircuitStateChangedEventArgs> _circuitStateChanged;

    public FailoverPipelines(FailoverOptions options, TimeProvider timeProvider, FailoverTelemetry telemetry, Action<FailoverCircuitStateChangedEventArgs> circuitStateChanged)
    {
        _options = options;
        _timeProvider = timeProvider;
        _telemetry = telemetry;
        _circuitStateChanged = circuitStateChanged;
    }

    /// <summary>The target's pipeline, built on its first call.</summary>
    public ResiliencePipeline For(ResolvedFailoverTarget target) =>
        target.Pipeline ??= _pipelines.GetOrAdd(target.Key, static (_, state) => new Lazy<TargetPipeline>(() => state.Owner.Create(state.Target)), (Owner: this, target.Target)).Value.Pipeline;

    /// <summary>The state of a target's breaker (closed for a target never called).</summary>
    public FailoverCircuitState StateOf(FailoverTargetKey key) =>
        _pipelines.TryGetValue(key, out var lazy) && lazy.IsValueCreated && lazy.Value.State is { } state
            ? state.CircuitState switch
            {
                CircuitState.Open => FailoverCircuitState.Open,
                CircuitState.HalfOpen => FailoverCircuitState.HalfOpen,
                CircuitState.Isolated => FailoverCircuitState.Isolated,
                _ => FailoverCircuitState.Closed,
            }
            : FailoverCircuitState.Closed;

    private static FailoverRequest? RequestOf(ResilienceContext context) =>
        context.Properties.TryGetValue(RequestKey, out var request) ? request : null;

    /// <summary>Retry (outer) around a circuit breaker (inner), so every call counts towards the breaker and an open circuit ends the retries.</summary>
    private TargetPipeline Create(FailoverTarget target)
    {
        var options = _options;
        // The strategies read the clock for breaker windows and attempt durations only (delays are timers): the coarse
        // system clock does for those, at a sixth of the cost per read.
        var builder = new ResiliencePipelineBuilder { TimeProvider = CoarseSystemClock.For(_timeProvider), Name = "AiGateway.Failover", InstanceName = target.ToString() };
        CircuitBreakerStateProvider? stateProvider = null;
        if (options.MaxAttemptsPerTarget > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttemptsPerTarget - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.UseJitter,
                Delay = options.BackoffBase,
                MaxDelay = options.BackoffMax,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Context, args.Outcome.Exception, stateProvider)),

                // The gateway's own Retry-After (already capped by MaxRetryAfter through ShouldRetry) wins over the
                // computed backoff; Polly does not apply MaxDelay to generated delays.
                DelayGenerator = static args => new ValueTask<TimeSpan?>(
                    args.Outcome.Exception is AiGatewayException { RetryAfter: { } wait } ? wait : null),
                OnRetry = args => RequestOf(args.Context) is { } request ? _telemetry.ReportRetryAsync(request, args.RetryDelay) : default,
            });
        }

        if (options.UseCircuitBreaker)
        {
            stateProvider = new CircuitBreakerStateProvider();
            var logger = _telemetry.Logger;
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.CircuitBreakerFailureRatio,
                MinimumThroughput = options.CircuitBreakerMinimumThroughput,
                SamplingDuration = options.CircuitBreakerSamplingDuration,
                BreakDuration = options.CircuitBreakerBreakDuration,
                StateProvider = stateProvider,
                ShouldHandle = args => new ValueTask<bool>(
                    args.Outcome.Exception is { } ex && !args.Context.CancellationToken.IsCancellationRequested && FailoverTriggers.IsTransientFailure(ex)),
                OnOpened = args =>
                {
                    var errorType = args.Outcome.Exception is { } ex ? FailoverTriggers.ErrorType(ex) : "none";
                    AiGatewayLog.CircuitOpened(logger, target.ToString(), args.BreakDuration.TotalMilliseconds, errorType);
                    Raise(args.Context, new FailoverCircuitStateChangedEventArgs(target, FailoverCircuitState.Open, args.BreakDuration, args.Outcome.Exception));
                    return default;
                },
                OnHalfOpened = args =>
                {
                    AiGatewayLog.CircuitHalfOpened(logger, target.ToString());
                    Raise(args.Context, new FailoverCircuitStateChangedEventArgs(target, FailoverCircuitState.HalfOpen, null, null));
                    return default;
                },
                OnClosed = args =>
                {
                    AiGatewayLog.CircuitClosed(logger, target.ToString());
                    Raise(args.Context, new FailoverCircuitStateChangedEventArgs(target, FailoverCircuitState.Closed, null, null));
                    return default;
                },
            });
        }

        return new TargetPipeline(builder.Build(), stateProvider);
    }

    private void Raise(ResilienceContext context, FailoverCircuitStateChangedEventArgs args)
    {
        FailoverTelemetry.CircuitStateChanged(RequestOf(context), args);
        _circuitStateChanged(args);
    }

    private bool ShouldRetry(ResilienceContext context, Exception? exception, CircuitBreakerStateProvider? breaker)
    {
        if (exception is null || context.CancellationToken.IsCancellationRequested || RequestOf(context) is not { } request)
        {
            return false;
        }

        // The breaker (inner) has already counted this failure: once it is open, waiting to retry is pointless.
        return FailoverTriggers.Classify(exception, _options.MaxRetryAfter) == FailoverDecision.Retry
            && !request.AttemptLimitReached
            && breaker is not { CircuitState: CircuitState.Open or CircuitState.Isolated };
    }

    private sealed record TargetPipeline(ResiliencePipeline Pipeline, CircuitBreakerStateProvider? State);
}
