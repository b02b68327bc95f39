using System.Diagnostics;
using AiGateway.Client.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Middleware.Failover;

/// <summary>
/// Reports what failover does: each attempt to <see cref="GatewayFailoverChatClient.OnRoutingUpdateAsync"/>, the
/// <c>aigateway.failover.attempts</c> counter and the failover span's events, and the attempt count on the answer.
/// </summary>
internal sealed class FailoverTelemetry
{
    // The usual attempt counts boxed once, instead of a box per response.
    private static readonly object[] BoxedAttemptCounts = [.. Enumerable.Range(0, 9).Select(count => (object)count)];

    public FailoverTelemetry(ILogger logger) => Logger = logger;

    public ILogger Logger { get; }

    /// <summary>Starts the internal span around a request's attempts, when anyone listens.</summary>
    public static Activity? StartActivity(FailoverRequest request)
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
            activity.SetTag(AiGatewayTelemetry.TagNames.Targets, request.Targets.Length);
            activity.SetTag(AiGatewayTelemetry.TagNames.RequestStream, request.Context.IsStreaming);
        }

        return activity;
    }

    public static void RecordFailure(Activity? activity, Exception ex)
    {
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            activity.SetTag(AiGatewayTelemetry.TagNames.ErrorType, FailoverTriggers.ErrorType(ex));
        }
    }

    /// <summary>Puts the request's attempt count on the answer (or its first streamed update).</summary>
    public static void Annotate(AdditionalPropertiesDictionary properties, FailoverRequest request) =>
        properties[AiGatewayPropertyKeys.Attempts] = request.AttemptCount < BoxedAttemptCounts.Length ? BoxedAttemptCounts[request.AttemptCount] : request.AttemptCount;

    /// <summary>A target was skipped because its circuit is open.</summary>
    public void TargetSkipped(FailoverRequest request, FailoverTarget target, TimeSpan? retryAfter)
    {
        AiGatewayLog.FailoverTargetSkipped(Logger, target.ToString(), retryAfter?.TotalMilliseconds ?? 0);
        request.Activity?.AddEvent(new ActivityEvent(AiGatewayTelemetry.EventNames.FailoverTargetSkipped, tags: new ActivityTagsCollection
        {
            [AiGatewayTelemetry.TagNames.RequestModel] = target.ModelId,
            [AiGatewayTelemetry.TagNames.Gateway] = target.Gateway?.ToString(),
            [AiGatewayTelemetry.TagNames.RetryDelayMs] = retryAfter?.TotalMilliseconds,
        }));
    }

    /// <summary>A target's breaker changed state during a request: an event on that request's span.</summary>
    public static void CircuitStateChanged(FailoverRequest? request, FailoverCircuitStateChangedEventArgs args) =>
        request?.Activity?.AddEvent(new ActivityEvent(AiGatewayTelemetry.EventNames.CircuitStateChanged, tags: new ActivityTagsCollection
        {
            [AiGatewayTelemetry.TagNames.CircuitState] = args.State.ToString(),
            [AiGatewayTelemetry.TagNames.RequestModel] = args.Target.ModelId,
            [AiGatewayTelemetry.TagNames.Gateway] = args.Target.Gateway?.ToString(),
            [AiGatewayTelemetry.TagNames.BreakDurationMs] = args.BreakDuration?.TotalMilliseconds,
        }));

    /// <summary>The attempt that just failed will be retried on the same target after <paramref name="delay"/>.</summary>
    public async ValueTask ReportRetryAsync(FailoverRequest request, TimeSpan delay)
    {
        if (request.TakePending() is { } failed)
        {
            AiGatewayLog.FailoverRetrying(Logger, failed.AttemptNumber, failed.Target.ToString(), FailoverTriggers.ErrorType(failed.Exception!), delay.TotalMilliseconds);
            await ReportAsync(request, failed.WithRetryDelay(delay), isTerminal: false, FailoverOutcomes.Retry).ConfigureAwait(false);
        }
    }

    /// <summary>Reports the request's terminal update (the attempt that ended it, or none when every circuit was open).</summary>
    /// <remarks>Without a routing hook that waits (the default's completes at once), no async state machine is made.</remarks>
    public ValueTask CompleteAsync(FailoverRequest request, FailoverAttempt? attempt, string outcome)
    {
        var reported = attempt is not null
            ? ReportAsync(request, attempt, isTerminal: true, outcome)
            : request.Owner.RaiseRoutingUpdateAsync(request.Context, null, isTerminal: true, request.CallerToken);
        if (!reported.IsCompletedSuccessfully)
        {
            return CompleteAfterAsync(reported, request, attempt, outcome);
        }

        reported.GetAwaiter().GetResult();
        Completed(request, attempt, outcome);
        return default;
    }

    private async ValueTask CompleteAfterAsync(ValueTask reported, FailoverRequest request, FailoverAttempt? attempt, string outcome)
    {
        await reported.ConfigureAwait(false);
        Completed(request, attempt, outcome);
    }

    private void Completed(FailoverRequest request, FailoverAttempt? attempt, string outcome)
    {
        if (request.Activity is { } activity)
        {
            activity.SetTag(AiGatewayTelemetry.TagNames.Attempts, request.AttemptCount);
            if (attempt is { ResponseCompleted: true } || outcome == FailoverOutcomes.Abandoned)
            {
                activity.SetTag(AiGatewayTelemetry.TagNames.Gateway, attempt?.Target.Gateway?.ToString());
                activity.SetTag(AiGatewayTelemetry.TagNames.TargetModel, attempt?.Target.ModelId);
            }
        }

        if (attempt is { ResponseCompleted: true } && request.AttemptCount > 1)
        {
            AiGatewayLog.FailoverAnswered(Logger, attempt.Target.ToString(), request.AttemptCount);
        }
    }

    /// <summary>Reports one attempt: recorded on the context, counted, put on the span, and handed to the routing hook.</summary>
    public ValueTask ReportAsync(FailoverRequest request, FailoverAttempt attempt, bool isTerminal, string outcome)
    {
        request.Context.Add(attempt);
        var counted = AiGatewayTelemetry.FailoverAttempts.Enabled;
        if (!counted && request.Activity is null)
        {
            // Nobody measures or traces: skip naming the gateway (an enum formatted per call).
            return request.Owner.RaiseRoutingUpdateAsync(request.Context, attempt, isTerminal, request.CallerToken);
        }

        var gateway = attempt.Target.Gateway?.ToString();
        if (counted)
        {
            AiGatewayTelemetry.FailoverAttempts.Add(
                1,
                new KeyValuePair<string, object?>(AiGatewayTelemetry.TagNames.Outcome, outcome),
                new KeyValuePair<string, object?>(AiGatewayTelemetry.TagNames.Gateway, gateway),
                new KeyValuePair<string, object?>(AiGatewayTelemetry.TagNames.RequestModel, attempt.Target.ModelId));
        }

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

        return request.Owner.RaiseRoutingUpdateAsync(request.Context, attempt, isTerminal, request.CallerToken);
    }
}
