// Why this file is long: both loops (whole and streamed), target resolution, the Polly pipeline factory and attempt reporting still live here; splitting them into their own types is issue 10 item 2, not yet done.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using AiGateway.Client.Catalog;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Gateways;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace AiGateway.Client.Middleware.Failover;

/// <summary>
/// Middleware that tries a request's targets in order (its own model, its per-request fallback models, the
/// configured <see cref="FailoverOptions.Targets"/>, then the other detected gateways), retrying each target with
/// jittered exponential backoff that honours the gateway's <c>Retry-After</c>, and skipping a target whose circuit
/// breaker is open after repeated failures. Built on Polly.Core (retry and circuit breaker per target).
/// </summary>
/// <remarks>
/// <para>
/// Triggers are the transient failures of docs/gateways.md, "Retry semantics" (408, 409, 429 with a retry hint, 500, 502,
/// 503, 504, 529, connection failures, timeouts), which are retried and then failed over, and model-unavailable
/// errors (<see cref="ModelNotFoundException"/>), which move to the next target at once. Permanent errors (400, 401,
/// 403, 402, 413, Neon's 429 without <c>Retry-After</c>) go to the caller unretried. Caller cancellation is never
/// retried, and nothing is retried once a streamed update has reached the caller.
/// </para>
/// <para>
/// Each target gets a clone of the caller's options with its <c>ModelId</c> and gateway
/// (<see cref="AiGatewayPropertyKeys.Gateway"/>) set. The response, and the first streamed update, carry
/// <see cref="AiGatewayPropertyKeys.Attempts"/>; the leaf client adds the gateway that answered
/// (<see cref="AiGatewayPropertyKeys.AnsweredGateway"/>, a key failover never reads) and the catalog model.
/// </para>
/// <para>
/// Shaped like Microsoft.Extensions.AI's <c>GatewayFailoverChatClient</c>: every call is reported to
/// <see cref="OnRoutingUpdateAsync"/> as a <see cref="FailoverAttempt"/>, exactly one report per request is terminal,
/// and <see cref="MaximumAttemptsPerRequest"/> caps the calls of one request.
/// </para>
/// </remarks>
public class GatewayFailoverChatClient : DelegatingChatClient
{
    private static readonly ResiliencePropertyKey<RequestState> RequestKey = new("aigateway.failover.request");

    // One pipeline (and breaker) per distinct model and gateway this client has called; apps use a handful.
    private readonly ConcurrentDictionary<TargetKey, Lazy<TargetPipeline>> _pipelines = new();
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private InnerFacts? _facts;

    /// <summary>Creates the middleware.</summary>
    /// <param name="innerClient">The client to send each attempt to (usually the <see cref="AiGatewayChatClient"/> leaf).</param>
    /// <param name="options">The settings; <see langword="null"/> uses the defaults. They are validated and copied.</param>
    /// <param name="loggerFactory">Where log lines go; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting in <paramref name="options"/> is out of range.</exception>
    public GatewayFailoverChatClient(IChatClient innerClient, FailoverOptions? options = null, ILoggerFactory? loggerFactory = null)
        : this(innerClient, options, loggerFactory, defaultClock: null)
    {
    }

    /// <summary>Creates the middleware with the clock to use when the options name none (the one registered in DI).</summary>
    internal GatewayFailoverChatClient(IChatClient innerClient, FailoverOptions? options, ILoggerFactory? loggerFactory, TimeProvider? defaultClock)
        : base(innerClient)
    {
        Options = (options ?? new FailoverOptions()).ToFrozenCopy(defaultClock);
        _timeProvider = Options.TimeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<GatewayFailoverChatClient>();

        // From now on this layer decides how many requests a failing call makes: the leaf's HTTP-level retry stands
        // aside, so retries never multiply (MaxAttemptsPerTarget here, not that times the HTTP retries).
        if (innerClient.GetService(typeof(AiGatewayChatClient)) is AiGatewayChatClient leaf)
        {
            leaf.RetriesDecidedByFailover = true;
        }
    }

    /// <summary>Raised when a target's circuit breaker opens, half-opens or closes. Handlers run on the request's path and must not throw.</summary>
    public event EventHandler<FailoverCircuitStateChangedEventArgs>? CircuitStateChanged;

    /// <summary>Gets the settings in effect (a validated, read-only copy).</summary>
    public FailoverOptions Options { get; }

    /// <summary>Gets the most calls one request may make, or <see langword="null"/> for no limit beyond the per-target one.</summary>
    public int? MaximumAttemptsPerRequest => Options.MaximumAttemptsPerRequest;

    /// <summary>Gets the state of a target's circuit breaker (<see cref="FailoverCircuitState.Closed"/> for a target never called).</summary>
    /// <param name="target">The target; what it leaves unset means the default model and the primary gateway.</param>
    /// <returns>The state.</returns>
    public FailoverCircuitState GetCircuitState(FailoverTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var facts = Facts;
        var key = KeyOf(facts, target.ModelId ?? facts.DefaultModel, target.Gateway ?? facts.Environment?.Primary.Kind);
        return _pipelines.TryGetValue(key, out var lazy) && lazy.IsValueCreated && lazy.Value.State is { } state
            ? ToPublic(state.CircuitState)
            : FailoverCircuitState.Closed;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var request = BeginRequest(messages, options, streaming: false, cancellationToken);
        using var activity = StartActivity(request);
        request.Activity = activity;
        try
        {
            for (var i = 0; i < request.Targets.Count; i++)
            {
                request.BeginTarget(i);
                var context = ResilienceContextPool.Shared.Get(cancellationToken);
                context.Properties.Set(RequestKey, request);
                ChatResponse response;
                try
                {
                    response = await PipelineFor(request.Targets[i]).Pipeline
                        .ExecuteAsync(static (ctx, state) => state.Owner.CallAsync(state), context, request)
                        .ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    if (!await ShouldMoveOnAsync(request, ex).ConfigureAwait(false))
                    {
                        throw;
                    }

                    continue;
                }
                finally
                {
                    ResilienceContextPool.Shared.Return(context);
                }

                // Outside the catch above: the call has answered (and been billed), so a hook that throws here must
                // reach the caller, not send the request again to the next target or report a second terminal update.
                Annotate(response.AdditionalProperties ??= [], request);
                await CompleteAsync(request, request.TakePending()!, outcome: Outcomes.Completed).ConfigureAwait(false);
                return response;
            }

            throw new UnreachableException("The last target either answers or throws.");
        }
        catch (Exception ex)
        {
            RecordFailure(activity, ex);
            throw;
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var request = BeginRequest(messages, options, streaming: true, cancellationToken);
        using var activity = StartActivity(request);
        request.Activity = activity;
        StreamStart? start = null;
        try
        {
            for (var i = 0; i < request.Targets.Count && start is null; i++)
            {
                request.BeginTarget(i);
                var context = ResilienceContextPool.Shared.Get(cancellationToken);
                context.Properties.Set(RequestKey, request);
                try
                {
                    start = await PipelineFor(request.Targets[i]).Pipeline
                        .ExecuteAsync(static (ctx, state) => state.Owner.StartStreamAsync(state), context, request)
                        .ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    if (!await ShouldMoveOnAsync(request, ex).ConfigureAwait(false))
                    {
                        throw;
                    }
                }
                finally
                {
                    ResilienceContextPool.Shared.Return(context);
                }
            }
        }
        catch (Exception ex)
        {
            RecordFailure(activity, ex);
            throw;
        }

        if (start is null)
        {
            throw new UnreachableException("The last target either starts a stream or throws.");
        }

        // From here on the stream belongs to one target: failures go to the caller, never to another target.
        var pending = request.TakePending()!;
        var enumerator = start.Enumerator;
        Exception? failure = null;
        var completed = false;
        var committed = false;
        var activeSince = _timeProvider.GetTimestamp();
        var active = pending.Duration;
        try
        {
            if (start.HasFirst)
            {
                var first = enumerator.Current;
                Annotate(first.AdditionalProperties ??= [], request);
                committed = true;
                active += _timeProvider.GetElapsedTime(activeSince);
                yield return first;

                while (true)
                {
                    activeSince = _timeProvider.GetTimestamp();
                    bool hasNext;
                    try
                    {
                        hasNext = await enumerator.MoveNextAsync().ConfigureAwait(false);
                    }
                    catch (Exception ex)
                    {
                        failure = ex;
                        active += _timeProvider.GetElapsedTime(activeSince);
                        AiGatewayLog.FailoverStreamFailedAfterOutput(_logger, pending.Target.ToString(), FailoverTriggers.ErrorType(ex));
                        RecordFailure(activity, ex);
                        throw;
                    }

                    active += _timeProvider.GetElapsedTime(activeSince);
                    if (!hasNext)
                    {
                        break;
                    }

                    yield return enumerator.Current;
                }
            }

            completed = true;
        }
        finally
        {
            try
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                start.Timeout?.Dispose();
            }

            var outcome = completed ? Outcomes.Completed : failure is null ? Outcomes.Abandoned : cancellationToken.IsCancellationRequested ? Outcomes.Cancelled : Outcomes.Failed;
            var final = new FailoverAttempt(
                pending.Client, pending.Target, pending.AttemptNumber, pending.TargetAttemptNumber, failure, active,
                committed ? start.TimeToFirstUpdate : null, responseCompleted: completed, outputCommitted: committed, retryDelay: null);
            await CompleteAsync(request, final, outcome).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Called after every call to the inner client, and once with a <see langword="null"/> attempt when routing ends
    /// without one (every remaining target's circuit was open). Exactly one call per request has
    /// <paramref name="isTerminal"/> set. The default does nothing. Exceptions propagate to the caller.
    /// </summary>
    /// <param name="context">The request: its messages, options, targets and attempts so far (this one included).</param>
    /// <param name="attempt">The call that just ended, or <see langword="null"/> when routing ended without one.</param>
    /// <param name="isTerminal"><see langword="true"/> when no further call will be made for the request.</param>
    /// <param name="cancellationToken">The caller's cancellation token.</param>
    /// <returns>A task that completes when the update is handled.</returns>
    protected virtual ValueTask OnRoutingUpdateAsync(FailoverContext context, FailoverAttempt? attempt, bool isTerminal, CancellationToken cancellationToken) => default;

    private InnerFacts Facts => _facts ??= InnerFacts.From(InnerClient);

    private static FailoverCircuitState ToPublic(CircuitState state) => state switch
    {
        CircuitState.Open => FailoverCircuitState.Open,
        CircuitState.HalfOpen => FailoverCircuitState.HalfOpen,
        CircuitState.Isolated => FailoverCircuitState.Isolated,
        _ => FailoverCircuitState.Closed,
    };

    private static TargetKey KeyOf(InnerFacts facts, string? modelId, GatewayKind? gateway)
    {
        var model = modelId;
        if (model is not null && facts.Catalog is { } catalog)
        {
            try
            {
                // Aliases of one model share one breaker: gpt-5-mini and openai/gpt-5-mini are the same target.
                model = catalog.Resolve(model).Id;
            }
            catch (AiGatewayException)
            {
                // A strict catalog rejects unknown ids; the call itself will say so. Key by the raw id.
            }
        }

        return new TargetKey(model?.ToLowerInvariant() ?? string.Empty, gateway);
    }

    private static GatewayKind? GatewayOf(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(AiGatewayPropertyKeys.Gateway, out var value) == true
            ? value switch
            {
                GatewayKind kind => kind,
                GatewayProfile profile => profile.Kind,
                string name when Enum.TryParse<GatewayKind>(name, ignoreCase: true, out var parsed) => parsed,
                _ => null,
            }
            : null;

    private static void Annotate(AdditionalPropertiesDictionary properties, RequestState request) =>
        properties[AiGatewayPropertyKeys.Attempts] = request.AttemptCount;

    private static void RecordFailure(Activity? activity, Exception ex)
    {
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            activity.SetTag(AiGatewayTelemetry.TagNames.ErrorType, FailoverTriggers.ErrorType(ex));
        }
    }

    private RequestState BeginRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, bool streaming, CancellationToken cancellationToken)
    {
        // Every attempt sends the same messages, so a lazy sequence is enumerated once.
        var buffered = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var targets = ResolveTargets(options);
        var publicTargets = new FailoverTarget[targets.Count];
        for (var i = 0; i < targets.Count; i++)
        {
            publicTargets[i] = targets[i].Target;
        }

        return new RequestState(this, new FailoverContext(buffered, options, publicTargets, streaming), targets, options, cancellationToken);
    }

    /// <summary>The request's own target, then its fallback models, the configured targets and the other detected gateways; duplicates removed.</summary>
    private List<ResolvedTarget> ResolveTargets(ChatOptions? options)
    {
        var facts = Facts;
        var environment = facts.Environment;
        var requestedModel = options?.ModelId ?? facts.DefaultModel;
        var requestedGateway = GatewayOf(options) ?? environment?.Primary.Kind;
        var targets = new List<ResolvedTarget>(2);
        var seen = new HashSet<TargetKey>();

        Add(requestedModel, requestedGateway, isRequested: true);
        foreach (var model in options.GetFallbackModels())
        {
            if (!string.IsNullOrWhiteSpace(model))
            {
                Add(model, requestedGateway, isRequested: false);
            }
        }

        foreach (var target in Options.Targets)
        {
            Add(target.ModelId ?? requestedModel, target.Gateway ?? requestedGateway, isRequested: false);
        }

        if (Options.FailOverToDetectedGateways && environment is { Detected.Count: > 1 })
        {
            foreach (var gateway in environment.Detected)
            {
                Add(requestedModel, gateway.Kind, isRequested: false);
            }
        }

        return targets;

        void Add(string? model, GatewayKind? gateway, bool isRequested)
        {
            var target = new FailoverTarget(model, gateway);
            if (!isRequested && gateway is { } kind && environment is not null && !environment.Detected.Any(g => g.Kind == kind))
            {
                AiGatewayLog.FailoverTargetNotDetected(_logger, target.ToString(), kind.ToString());
                return;
            }

            var key = KeyOf(facts, model, gateway);
            if (seen.Add(key))
            {
                targets.Add(new ResolvedTarget(target, key, isRequested));
            }
        }
    }

    /// <summary>The options one target's call gets: the caller's own for the requested target, else a clone with the target's model and gateway.</summary>
    private ChatOptions? OptionsFor(RequestState request, int index)
    {
        var target = request.Targets[index];
        var nativeFallbacks = Options.UseNativeFallback ? NativeFallbacksAfter(request, index) : null;
        if (target.IsRequested && nativeFallbacks is null)
        {
            return request.CallerOptions;
        }

        var clone = request.CallerOptions?.Clone() ?? new ChatOptions();
        var properties = clone.AdditionalProperties is { } existing ? new AdditionalPropertiesDictionary(existing) : [];
        if (!target.IsRequested)
        {
            if (target.Target.ModelId is { } model)
            {
                clone.ModelId = model;
            }

            if (target.Target.Gateway is { } gateway)
            {
                properties[AiGatewayPropertyKeys.Gateway] = gateway;
            }
        }

        if (nativeFallbacks is not null)
        {
            properties[AiGatewayPropertyKeys.NativeFallbackModels] = nativeFallbacks;
        }

        clone.AdditionalProperties = properties;
        return clone;
    }

    /// <summary>The later targets' models on the same gateway, for gateways that fall back natively (Vercel <c>models</c>).</summary>
    private static string[]? NativeFallbacksAfter(RequestState request, int index)
    {
        var target = request.Targets[index];
        List<string>? models = null;
        for (var j = index + 1; j < request.Targets.Count; j++)
        {
            var later = request.Targets[j];
            if (later.Key.Gateway == target.Key.Gateway && later.Key.Model != target.Key.Model && later.Target.ModelId is { } model)
            {
                (models ??= []).Add(model);
            }
        }

        return models?.ToArray();
    }

    private TargetPipeline PipelineFor(ResolvedTarget target) =>
        _pipelines.GetOrAdd(target.Key, static (_, state) => new Lazy<TargetPipeline>(() => state.Owner.CreatePipeline(state.Target)), (Owner: this, Target: target.Target)).Value;

    /// <summary>Retry (outer) around a circuit breaker (inner), so every call counts towards the breaker and an open circuit ends the retries.</summary>
    private TargetPipeline CreatePipeline(FailoverTarget target)
    {
        var options = Options;
        var builder = new ResiliencePipelineBuilder { TimeProvider = _timeProvider, Name = "AiGateway.Failover", InstanceName = target.ToString() };
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
                OnRetry = args => OnRetryAsync(args.Context, args.RetryDelay),
            });
        }

        if (options.UseCircuitBreaker)
        {
            stateProvider = new CircuitBreakerStateProvider();
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
                    AiGatewayLog.CircuitOpened(_logger, target.ToString(), args.BreakDuration.TotalMilliseconds, errorType);
                    RaiseCircuitStateChanged(args.Context, new FailoverCircuitStateChangedEventArgs(target, FailoverCircuitState.Open, args.BreakDuration, args.Outcome.Exception));
                    return default;
                },
                OnHalfOpened = args =>
                {
                    AiGatewayLog.CircuitHalfOpened(_logger, target.ToString());
                    RaiseCircuitStateChanged(args.Context, new FailoverCircuitStateChangedEventArgs(target, FailoverCircuitState.HalfOpen, null, null));
                    return default;
                },
                OnClosed = args =>
                {
                    AiGatewayLog.CircuitClosed(_logger, target.ToString());
                    RaiseCircuitStateChanged(args.Context, new FailoverCircuitStateChangedEventArgs(target, FailoverCircuitState.Closed, null, null));
                    return default;
                },
            });
        }

        return new TargetPipeline(builder.Build(), stateProvider);
    }

    private void RaiseCircuitStateChanged(ResilienceContext context, FailoverCircuitStateChangedEventArgs args)
    {
        var activity = context.Properties.TryGetValue(RequestKey, out var request) ? request.Activity : null;
        activity?.AddEvent(new ActivityEvent(AiGatewayTelemetry.EventNames.CircuitStateChanged, tags: new ActivityTagsCollection
        {
            [AiGatewayTelemetry.TagNames.CircuitState] = args.State.ToString(),
            [AiGatewayTelemetry.TagNames.RequestModel] = args.Target.ModelId,
            [AiGatewayTelemetry.TagNames.Gateway] = args.Target.Gateway?.ToString(),
            [AiGatewayTelemetry.TagNames.BreakDurationMs] = args.BreakDuration?.TotalMilliseconds,
        }));
        CircuitStateChanged?.Invoke(this, args);
    }

    private bool ShouldRetry(ResilienceContext context, Exception? exception, CircuitBreakerStateProvider? breaker)
    {
        if (exception is null || context.CancellationToken.IsCancellationRequested || !context.Properties.TryGetValue(RequestKey, out var request))
        {
            return false;
        }

        // The breaker (inner) has already counted this failure: once it is open, waiting to retry is pointless.
        return FailoverTriggers.Classify(exception, Options.MaxRetryAfter) == FailoverDecision.Retry
            && !request.AttemptLimitReached
            && breaker is not { CircuitState: CircuitState.Open or CircuitState.Isolated };
    }

    private async ValueTask OnRetryAsync(ResilienceContext context, TimeSpan delay)
    {
        if (context.Properties.TryGetValue(RequestKey, out var request) && request.TakePending() is { } failed)
        {
            AiGatewayLog.FailoverRetrying(_logger, failed.AttemptNumber, failed.Target.ToString(), FailoverTriggers.ErrorType(failed.Exception!), delay.TotalMilliseconds);
            await ReportAsync(request, failed.WithRetryDelay(delay), isTerminal: false, Outcomes.Retry).ConfigureAwait(false);
        }
    }

    /// <summary>One call to the inner client (Polly's callback): the whole response.</summary>
    private async ValueTask<ChatResponse> CallAsync(RequestState request)
    {
        var (index, attemptNumber, targetAttempt) = request.BeginAttempt();
        var options = OptionsFor(request, index);
        var started = _timeProvider.GetTimestamp();
        using var timeout = AttemptTimeout.Start(Options.AttemptTimeout, _timeProvider, request.CallerToken);
        try
        {
            var response = await InnerClient.GetResponseAsync(request.Context.Messages, options, timeout?.Token ?? request.CallerToken).ConfigureAwait(false);
            request.SetPending(new FailoverAttempt(InnerClient, request.Targets[index].Target, attemptNumber, targetAttempt, null, _timeProvider.GetElapsedTime(started), null, true, false, null));
            return response;
        }
        catch (Exception ex)
        {
            var failure = timeout?.Convert(ex, request.Targets[index].Target, streaming: false) ?? ex;
            request.SetPending(new FailoverAttempt(InnerClient, request.Targets[index].Target, attemptNumber, targetAttempt, failure, _timeProvider.GetElapsedTime(started), null, false, false, null));
            if (ReferenceEquals(failure, ex))
            {
                throw;
            }

            throw failure;
        }
    }

    /// <summary>One call to the inner client (Polly's callback) for a stream: succeeds once the first update (or the end) arrived.</summary>
    private async ValueTask<StreamStart> StartStreamAsync(RequestState request)
    {
        var (index, attemptNumber, targetAttempt) = request.BeginAttempt();
        var options = OptionsFor(request, index);
        var started = _timeProvider.GetTimestamp();
        var timeout = AttemptTimeout.Start(Options.AttemptTimeout, _timeProvider, request.CallerToken);
        var token = timeout?.Token ?? request.CallerToken;
        IAsyncEnumerator<ChatResponseUpdate>? enumerator = null;
        try
        {
            enumerator = InnerClient.GetStreamingResponseAsync(request.Context.Messages, options, token).GetAsyncEnumerator(token);
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

            var elapsed = _timeProvider.GetElapsedTime(started);
            request.SetPending(new FailoverAttempt(InnerClient, request.Targets[index].Target, attemptNumber, targetAttempt, null, elapsed, null, false, false, null));
            return new StreamStart(enumerator, hasFirst, hasFirst ? elapsed : null, timeout);
        }
        catch (Exception ex)
        {
            if (enumerator is not null)
            {
                await DisposeQuietlyAsync(enumerator).ConfigureAwait(false);
            }

            var failure = timeout?.Convert(ex, request.Targets[index].Target, streaming: true) ?? ex;
            timeout?.Dispose();
            request.SetPending(new FailoverAttempt(InnerClient, request.Targets[index].Target, attemptNumber, targetAttempt, failure, _timeProvider.GetElapsedTime(started), null, false, false, null));
            if (ReferenceEquals(failure, ex))
            {
                throw;
            }

            throw failure;
        }
    }

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

    /// <summary>
    /// Decides, after a target's pipeline failed, whether the request moves to the next target (returns
    /// <see langword="true"/>) or the failure goes to the caller (reports the terminal update and returns
    /// <see langword="false"/> so the exception propagates, or throws a clearer one).
    /// </summary>
    private async ValueTask<bool> ShouldMoveOnAsync(RequestState request, Exception exception)
    {
        var target = request.Targets[request.TargetIndex].Target;
        var pending = request.TakePending();
        if (request.CallerToken.IsCancellationRequested)
        {
            AiGatewayLog.FailoverCancelled(_logger, request.AttemptCount, target.ToString());
            await CompleteAsync(request, pending, Outcomes.Cancelled).ConfigureAwait(false);
            return false;
        }

        if (exception is BrokenCircuitException broken)
        {
            AiGatewayLog.FailoverTargetSkipped(_logger, target.ToString(), broken.RetryAfter?.TotalMilliseconds ?? 0);
            request.Activity?.AddEvent(new ActivityEvent(AiGatewayTelemetry.EventNames.FailoverTargetSkipped, tags: new ActivityTagsCollection
            {
                [AiGatewayTelemetry.TagNames.RequestModel] = target.ModelId,
                [AiGatewayTelemetry.TagNames.Gateway] = target.Gateway?.ToString(),
                [AiGatewayTelemetry.TagNames.RetryDelayMs] = broken.RetryAfter?.TotalMilliseconds,
            }));
            request.NoteSkipped(broken.RetryAfter);
        }
        else
        {
            request.LastFailure = exception;
        }

        var decision = FailoverTriggers.Classify(exception, Options.MaxRetryAfter);
        var hasNext = request.TargetIndex + 1 < request.Targets.Count && !request.AttemptLimitReached;
        if (decision != FailoverDecision.Stop && hasNext)
        {
            if (pending is not null)
            {
                AiGatewayLog.FailingOver(_logger, pending.AttemptNumber, target.ToString(), FailoverTriggers.ErrorType(exception), request.Targets[request.TargetIndex + 1].Target.ToString());
                await ReportAsync(request, pending, isTerminal: false, Outcomes.Failover).ConfigureAwait(false);
            }

            return true;
        }

        if (decision == FailoverDecision.Stop)
        {
            AiGatewayLog.FailoverNotTriggered(_logger, FailoverTriggers.ErrorType(exception), target.ToString());
        }
        else
        {
            AiGatewayLog.FailoverExhausted(_logger, request.AttemptCount, request.Targets.Count, FailoverTriggers.ErrorType(request.LastFailure ?? exception), target.ToString());
        }

        await CompleteAsync(request, pending, Outcomes.Failed).ConfigureAwait(false);
        if (exception is BrokenCircuitException)
        {
            // An open circuit is no news to the caller: the failure that opened it (or a plain "cooling off") is.
            if (request.LastFailure is { } last)
            {
                ExceptionDispatchInfo.Capture(last).Throw();
            }

            throw new ProviderUnavailableException(
                $"Every failover target for this request is cooling off after repeated failures ({string.Join(", ", request.Context.Targets)}). " +
                $"Retry after {request.SoonestRetry?.TotalSeconds ?? Options.CircuitBreakerBreakDuration.TotalSeconds:0.###}s, or add targets with UseFailover(...).",
                exception).SetDetails(target.Gateway, null, HttpStatusCode.ServiceUnavailable, null, null, null, request.SoonestRetry, target.ModelId, isTransient: true);
        }

        return false;
    }

    /// <summary>Reports the request's terminal update (the attempt that ended it, or none when every circuit was open).</summary>
    private async ValueTask CompleteAsync(RequestState request, FailoverAttempt? attempt, string outcome)
    {
        if (attempt is not null)
        {
            await ReportAsync(request, attempt, isTerminal: true, outcome).ConfigureAwait(false);
        }
        else
        {
            await OnRoutingUpdateAsync(request.Context, null, isTerminal: true, request.CallerToken).ConfigureAwait(false);
        }

        if (request.Activity is { } activity)
        {
            activity.SetTag(AiGatewayTelemetry.TagNames.Attempts, request.AttemptCount);
            if (attempt is { ResponseCompleted: true } || outcome == Outcomes.Abandoned)
            {
                activity.SetTag(AiGatewayTelemetry.TagNames.Gateway, attempt?.Target.Gateway?.ToString());
                activity.SetTag(AiGatewayTelemetry.TagNames.TargetModel, attempt?.Target.ModelId);
            }
        }

        if (attempt is { ResponseCompleted: true } && request.AttemptCount > 1)
        {
            AiGatewayLog.FailoverAnswered(_logger, attempt.Target.ToString(), request.AttemptCount);
        }
    }

    private async ValueTask ReportAsync(RequestState request, FailoverAttempt attempt, bool isTerminal, string outcome)
    {
        request.Context.Add(attempt);
        var gateway = attempt.Target.Gateway?.ToString();
        AiGatewayTelemetry.FailoverAttempts.Add(
            1,
            new KeyValuePair<string, object?>(AiGatewayTelemetry.TagNames.Outcome, outcome),
            new KeyValuePair<string, object?>(AiGatewayTelemetry.TagNames.Gateway, gateway),
            new KeyValuePair<string, object?>(AiGatewayTelemetry.TagNames.RequestModel, attempt.Target.ModelId));
        if (request.Activity is { } activity)
        {
            var tags = new ActivityTagsCollection
            {
                [AiGatewayTelemetry.TagNames.Attempt] = attempt.AttemptNumber,
                [AiGatewayTelemetry.TagNames.TargetAttempt] = attempt.TargetAttemptNumber,
                [AiGatewayTelemetry.TagNames.RequestModel] = attempt.Target.ModelId,
                [AiGatewayTelemetry.TagNames.Gateway] = gateway,
                [AiGatewayTelemetry.TagNames.Outcome] = outcome,
            };
            if (attempt.Exception is { } ex)
            {
                tags[AiGatewayTelemetry.TagNames.ErrorType] = FailoverTriggers.ErrorType(ex);
                if (ex is AiGatewayException { StatusCode: { } status })
                {
                    tags[AiGatewayTelemetry.TagNames.HttpStatusCode] = (int)status;
                }
            }

            if (attempt.RetryDelay is { } delay)
            {
                tags[AiGatewayTelemetry.TagNames.RetryDelayMs] = delay.TotalMilliseconds;
            }

            activity.AddEvent(new ActivityEvent(AiGatewayTelemetry.EventNames.FailoverAttempt, tags: tags));
        }

        await OnRoutingUpdateAsync(request.Context, attempt, isTerminal, request.CallerToken).ConfigureAwait(false);
    }

    private static Activity? StartActivity(RequestState request)
    {
        if (!AiGatewayTelemetry.ActivitySource.HasListeners())
        {
            return null;
        }

        var requested = request.Targets[0].Target;
        var activity = AiGatewayTelemetry.ActivitySource.StartActivity(AiGatewayTelemetry.EventNames.FailoverSpanPrefix + (requested.ModelId ?? "default"), ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            // No gen_ai.operation.name: this internal span wraps the chat spans and must not be counted as one.
            activity.SetTag(AiGatewayTelemetry.TagNames.RequestModel, requested.ModelId);
            activity.SetTag(AiGatewayTelemetry.TagNames.Targets, request.Targets.Count);
            activity.SetTag(AiGatewayTelemetry.TagNames.RequestStream, request.Context.IsStreaming);
        }

        return activity;
    }

    /// <summary>Outcome names on attempt events and the <c>aigateway.failover.attempts</c> counter.</summary>
    private static class Outcomes
    {
        public const string Completed = "completed";
        public const string Retry = "retry";
        public const string Failover = "failover";
        public const string Failed = "failed";
        public const string Cancelled = "cancelled";
        public const string Abandoned = "abandoned";
    }

    /// <summary>A target's identity for its circuit breaker: canonical model id (lower case) and gateway.</summary>
    private readonly record struct TargetKey(string Model, GatewayKind? Gateway);

    private sealed record ResolvedTarget(FailoverTarget Target, TargetKey Key, bool IsRequested);

    private sealed record TargetPipeline(ResiliencePipeline Pipeline, CircuitBreakerStateProvider? State);

    private sealed record StreamStart(IAsyncEnumerator<ChatResponseUpdate> Enumerator, bool HasFirst, TimeSpan? TimeToFirstUpdate, AttemptTimeout? Timeout);

    /// <summary>What failover learns from the inner pipeline once: the detected gateways, the catalog and the default model.</summary>
    private sealed record InnerFacts(GatewayEnvironment? Environment, IModelCatalog? Catalog, string? DefaultModel)
    {
        public static InnerFacts From(IChatClient inner) => new(
            inner.GetService(typeof(GatewayEnvironment)) as GatewayEnvironment,
            inner.GetService(typeof(IModelCatalog)) as IModelCatalog,
            (inner.GetService(typeof(ChatClientMetadata)) as ChatClientMetadata)?.DefaultModelId);
    }

    /// <summary>The per-request state Polly's callbacks reach through the resilience context.</summary>
    private sealed class RequestState(GatewayFailoverChatClient owner, FailoverContext context, List<ResolvedTarget> targets, ChatOptions? callerOptions, CancellationToken callerToken)
    {
        private FailoverAttempt? _pending;
        private int _targetAttempts;

        public GatewayFailoverChatClient Owner { get; } = owner;

        public FailoverContext Context { get; } = context;

        public List<ResolvedTarget> Targets { get; } = targets;

        public ChatOptions? CallerOptions { get; } = callerOptions;

        public CancellationToken CallerToken { get; } = callerToken;

        public Activity? Activity { get; set; }

        public int TargetIndex { get; private set; }

        public int AttemptCount { get; private set; }

        public Exception? LastFailure { get; set; }

        public TimeSpan? SoonestRetry { get; private set; }

        public bool AttemptLimitReached => Owner.Options.MaximumAttemptsPerRequest is { } limit && AttemptCount >= limit;

        public void BeginTarget(int index)
        {
            TargetIndex = index;
            _targetAttempts = 0;
        }

        public (int Index, int Attempt, int TargetAttempt) BeginAttempt() => (TargetIndex, ++AttemptCount, ++_targetAttempts);

        public void SetPending(FailoverAttempt attempt) => _pending = attempt;

        public FailoverAttempt? TakePending()
        {
            var pending = _pending;
            _pending = null;
            return pending;
        }

        public void NoteSkipped(TimeSpan? retryAfter)
        {
            if (retryAfter is { } wait && (SoonestRetry is null || wait < SoonestRetry))
            {
                SoonestRetry = wait;
            }
        }
    }
}
