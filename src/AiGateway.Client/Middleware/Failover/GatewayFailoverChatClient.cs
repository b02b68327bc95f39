using System.Diagnostics;
using System.Net;
using System.Runtime.ExceptionServices;
using AiGateway.Client.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;

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
/// <para>
/// The work is split by concern: <c>FailoverTargetResolver</c> finds a request's targets,
/// <c>FailoverPipelines</c> keeps each target's Polly pipeline, <c>FailoverRequest</c> carries one
/// request's state, <c>FailoverStreamStart</c> starts a stream, and <c>FailoverTelemetry</c> reports the
/// attempts. This type runs the two loops (whole response and streamed) over them.
/// </para>
/// </remarks>
public partial class GatewayFailoverChatClient : DelegatingChatClient, IFailoverCandidates
{
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly TimeProvider? _attemptClock;
    private readonly FailoverTargetResolver _targets;
    private readonly FailoverTelemetry _telemetry;
    private readonly FailoverPipelines _pipelines;
    private readonly string[] _candidateModels;

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

        // Attempts' durations reach only OnRoutingUpdateAsync: a subclass may read them, this class never does, and
        // the clock reads cost more here (about 70 ns each) than the rest of the attempt's bookkeeping.
        _attemptClock = GetType() == typeof(GatewayFailoverChatClient) ? null : _timeProvider;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<GatewayFailoverChatClient>();
        _targets = new FailoverTargetResolver(innerClient, Options, _logger);
        _telemetry = new FailoverTelemetry(_logger);
        _candidateModels = Options.Targets.Select(t => t.ModelId).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        _pipelines = new FailoverPipelines(Options, _timeProvider, _telemetry, args => CircuitStateChanged?.Invoke(this, args));

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

    /// <inheritdoc />
    IReadOnlyList<string> IFailoverCandidates.CandidateModels => _candidateModels;

    /// <summary>Gets the state of a target's circuit breaker (<see cref="FailoverCircuitState.Closed"/> for a target never called).</summary>
    /// <param name="target">The target; what it leaves unset means the default model and the primary gateway.</param>
    /// <returns>The state.</returns>
    public FailoverCircuitState GetCircuitState(FailoverTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return _pipelines.StateOf(_targets.KeyOf(target));
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var request = FailoverRequest.Begin(this, _targets, messages, options, streaming: false, cancellationToken);
        using var activity = FailoverTelemetry.StartActivity(request);
        request.Activity = activity;
        try
        {
            for (var i = 0; i < request.Targets.Length; i++)
            {
                request.BeginTarget(i);
                var context = ResilienceContextPool.Shared.Get(cancellationToken);
                context.Properties.Set(FailoverPipelines.RequestKey, request);
                Outcome<object> outcome;
                try
                {
                    // The outcome form: CallAsync hands failures back as outcomes rather than throwing through every
                    // strategy, and Polly skips the wrapper that would catch them. Outcomes are of object, the result
                    // type of the pipeline's strategies, so each strategy takes the callback as it is instead of
                    // adapting it with an async wrapper of its own.
                    outcome = await _pipelines.For(request.Targets[i])
                        .ExecuteOutcomeAsync(static (ctx, state) => state.Owner.CallAsync(state), context, request)
                        .ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    outcome = Outcome.FromException<object>(ex);
                }
                finally
                {
                    ResilienceContextPool.Shared.Return(context);
                }

                if (outcome.Exception is { } failure)
                {
                    if (!await ShouldMoveOnAsync(request, failure).ConfigureAwait(false))
                    {
                        outcome.ThrowIfException();
                    }

                    continue;
                }

                var response = (ChatResponse)outcome.Result!;

                // Past the failure handling above: the call has answered (and been billed), so a hook that throws here must
                // reach the caller, not send the request again to the next target or report a second terminal update.
                FailoverTelemetry.Annotate(response.AdditionalProperties ??= [], request);
                await _telemetry.CompleteAsync(request, request.TakePending()!, outcome: FailoverOutcomes.Completed).ConfigureAwait(false);
                return response;
            }

            throw new UnreachableException("The last target either answers or throws.");
        }
        catch (Exception ex)
        {
            FailoverTelemetry.RecordFailure(activity, ex);
            throw;
        }
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        new FailoverStream(this, messages, options, cancellationToken);

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

    /// <summary>Hands an attempt to <see cref="OnRoutingUpdateAsync"/> (for <see cref="FailoverTelemetry"/>).</summary>
    internal ValueTask RaiseRoutingUpdateAsync(FailoverContext context, FailoverAttempt? attempt, bool isTerminal, CancellationToken cancellationToken) =>
        OnRoutingUpdateAsync(context, attempt, isTerminal, cancellationToken);

    /// <summary>Tries the targets in order until one starts a stream (its first update, or its end, arrived).</summary>
    private async ValueTask<FailoverStreamStart> StartStreamAsync(FailoverRequest request)
    {
        try
        {
            for (var i = 0; i < request.Targets.Length; i++)
            {
                request.BeginTarget(i);
                var context = ResilienceContextPool.Shared.Get(request.CallerToken);
                context.Properties.Set(FailoverPipelines.RequestKey, request);
                try
                {
                    // As in GetResponseAsync: failures come back as outcomes of object (no exception through every strategy, no wrapper per strategy).
                    var outcome = await _pipelines.For(request.Targets[i])
                        .ExecuteOutcomeAsync(static (ctx, state) => FailoverStreamStart.StartAsync(state, state.Owner.InnerClient, state.Owner.Options.AttemptTimeout, state.Owner._timeProvider, state.Owner._attemptClock), context, request)
                        .ConfigureAwait(false);
                    outcome.ThrowIfException();
                    return (FailoverStreamStart)outcome.Result!;
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
            FailoverTelemetry.RecordFailure(request.Activity, ex);
            throw;
        }

        throw new UnreachableException("The last target either starts a stream or throws.");
    }

    /// <summary>One call to the inner client (Polly's callback): the whole response, or the failure as an outcome (never thrown).</summary>
    private async ValueTask<Outcome<object>> CallAsync(FailoverRequest request)
    {
        var (index, attemptNumber, targetAttempt) = request.BeginAttempt();
        var options = request.OptionsFor(index);
        var started = _attemptClock?.GetTimestamp() ?? 0;
        using var timeout = AttemptTimeout.Start(Options.AttemptTimeout, _timeProvider, request.CallerToken);
        try
        {
            var response = await InnerClient.GetResponseAsync(request.Context.Messages, options, timeout?.Token ?? request.CallerToken).ConfigureAwait(false);
            request.SetPending(new FailoverAttempt(InnerClient, request.Targets[index].Target, attemptNumber, targetAttempt, null, FailoverStreamStart.Elapsed(_attemptClock, started), null, true, false, null));
            return Outcome.FromResult<object>(response);
        }
        catch (Exception ex)
        {
            var failure = timeout?.Convert(ex, request.Targets[index].Target, streaming: false) ?? ex;
            request.SetPending(new FailoverAttempt(InnerClient, request.Targets[index].Target, attemptNumber, targetAttempt, failure, FailoverStreamStart.Elapsed(_attemptClock, started), null, false, false, null));
            return Outcome.FromException<object>(failure);
        }
    }

    /// <summary>
    /// Decides, after a target's pipeline failed, whether the request moves to the next target (returns
    /// <see langword="true"/>) or the failure goes to the caller (reports the terminal update and returns
    /// <see langword="false"/> so the exception propagates, or throws a clearer one).
    /// </summary>
    private async ValueTask<bool> ShouldMoveOnAsync(FailoverRequest request, Exception exception)
    {
        var target = request.Targets[request.TargetIndex].Target;
        var pending = request.TakePending();
        if (request.CallerToken.IsCancellationRequested)
        {
            AiGatewayLog.FailoverCancelled(_logger, request.AttemptCount, target.ToString());
            await _telemetry.CompleteAsync(request, pending, FailoverOutcomes.Cancelled).ConfigureAwait(false);
            return false;
        }

        if (exception is BrokenCircuitException broken)
        {
            _telemetry.TargetSkipped(request, target, broken.RetryAfter);
            request.NoteSkipped(broken.RetryAfter);
        }
        else
        {
            request.LastFailure = exception;
        }

        var decision = FailoverTriggers.Classify(exception, Options.MaxRetryAfter);
        var hasNext = request.HasNextTarget;
        if (decision != FailoverDecision.Stop && hasNext)
        {
            if (pending is not null)
            {
                AiGatewayLog.FailingOver(_logger, pending.AttemptNumber, target.ToString(), FailoverTriggers.ErrorType(exception), request.Targets[request.TargetIndex + 1].Target.ToString());
                await _telemetry.ReportAsync(request, pending, isTerminal: false, FailoverOutcomes.Failover).ConfigureAwait(false);
            }

            return true;
        }

        if (decision == FailoverDecision.Stop)
        {
            AiGatewayLog.FailoverNotTriggered(_logger, FailoverTriggers.ErrorType(exception), target.ToString());
        }
        else
        {
            AiGatewayLog.FailoverExhausted(_logger, request.AttemptCount, request.Targets.Length, FailoverTriggers.ErrorType(request.LastFailure ?? exception), target.ToString());
        }

        await _telemetry.CompleteAsync(request, pending, FailoverOutcomes.Failed).ConfigureAwait(false);
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
}
