using System.Diagnostics;
using System.Globalization;
using AiGateway.Client.Routing;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Diagnostics;

/// <summary>
/// The span and metrics of one call of the leaf client, after the OpenTelemetry GenAI semantic conventions
/// (https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/ and …/gen-ai-metrics/): span <c>chat {model}</c>
/// with <c>gen_ai.*</c> attributes plus <c>aigateway.gateway</c>, <c>aigateway.dialect</c>, <c>aigateway.cost_usd</c>;
/// histograms <c>gen_ai.client.operation.duration</c> and <c>gen_ai.client.token.usage</c>. Message content is recorded
/// (<c>gen_ai.input.messages</c>, <c>gen_ai.output.messages</c>) only when the app opts in.
/// </summary>
internal static class ChatCallTelemetry
{
    private const string OperationName = "chat";

    /// <summary>What a finished call reports.</summary>
    internal readonly record struct CallResult(
        string? ResponseId, string? ResponseModel, ChatFinishReason? FinishReason, UsageDetails? Usage, decimal? CostUsd, IList<ChatMessage>? OutputMessages);

    /// <summary>
    /// Starts the call's span; <see langword="null"/> when nobody listens, or when another instrumentation already
    /// records the GenAI span of this call (Microsoft.Extensions.AI's <c>OpenTelemetryChatClient</c>): then
    /// <paramref name="outer"/> is that span, which gets the gateway's own attributes instead of a second <c>chat</c> span.
    /// </summary>
    /// <param name="route">Where the call goes.</param>
    /// <param name="options">The request options.</param>
    /// <param name="streaming">Whether the call streams.</param>
    /// <param name="sensitiveMessages">The request messages when the app opted in to content capture, else <see langword="null"/>.</param>
    /// <param name="genAiRecordedOutside">Whether the pipeline is known to hold an <c>OpenTelemetryChatClient</c>.</param>
    /// <param name="outer">The GenAI span recorded outside, when there is one.</param>
    public static Activity? Start(Route route, ChatOptions? options, bool streaming, IReadOnlyList<ChatMessage>? sensitiveMessages, bool genAiRecordedOutside, out Activity? outer)
    {
        outer = FindOuterGenAiSpan();
        if (outer is not null || genAiRecordedOutside)
        {
            if (outer is { IsAllDataRequested: true })
            {
                // The outer span was named for the pipeline's metadata; the gateway knows the call's real provider.
                outer.SetTag(AiGatewayTelemetry.TagNames.ProviderName, ProviderName(route.Model.Creator));
                outer.SetTag(AiGatewayTelemetry.TagNames.Gateway, route.Gateway.Kind.ToString());
                outer.SetTag(AiGatewayTelemetry.TagNames.Dialect, route.Dialect.ToString());
                outer.SetTag(AiGatewayTelemetry.TagNames.CatalogModel, route.Model.Id);
            }

            return null;
        }

        if (!AiGatewayTelemetry.ActivitySource.HasListeners())
        {
            return null;
        }

        var activity = AiGatewayTelemetry.ActivitySource.StartActivity($"{OperationName} {route.WireModelId}", ActivityKind.Client);
        if (activity is not { IsAllDataRequested: true })
        {
            return activity;
        }

        activity.SetTag(AiGatewayTelemetry.TagNames.OperationName, OperationName);
        activity.SetTag(AiGatewayTelemetry.TagNames.ProviderName, ProviderName(route.Model.Creator));
        activity.SetTag(AiGatewayTelemetry.TagNames.RequestModel, route.WireModelId);
        activity.SetTag(AiGatewayTelemetry.TagNames.ServerAddress, route.Endpoint.Host);
        activity.SetTag("server.port", route.Endpoint.Port);
        activity.SetTag(AiGatewayTelemetry.TagNames.Gateway, route.Gateway.Kind.ToString());
        activity.SetTag(AiGatewayTelemetry.TagNames.Dialect, route.Dialect.ToString());
        activity.SetTag(AiGatewayTelemetry.TagNames.RequestStream, streaming);
        if (options is not null)
        {
            if (options.MaxOutputTokens is { } maxTokens)
            {
                activity.SetTag(AiGatewayTelemetry.TagNames.RequestMaxTokens, maxTokens);
            }

            if (options.Temperature is { } temperature)
            {
                activity.SetTag(AiGatewayTelemetry.TagNames.RequestTemperature, (double)temperature);
            }

            if (options.TopP is { } topP)
            {
                activity.SetTag(AiGatewayTelemetry.TagNames.RequestTopP, (double)topP);
            }
        }

        if (options.GetTags() is { Count: > 0 } tags)
        {
            activity.SetTag(AiGatewayTelemetry.TagNames.Tags, tags.ToArray());
        }

        if (sensitiveMessages is not null)
        {
            activity.SetTag("gen_ai.input.messages", GenAiMessageFormatter.Format(sensitiveMessages, finishReason: null));
            if (options?.Instructions is { Length: > 0 } instructions)
            {
                activity.SetTag("gen_ai.system_instructions", GenAiMessageFormatter.FormatInstructions(instructions));
            }
        }

        return activity;
    }

    /// <summary>The attribute set on a stream the caller abandoned.</summary>
    internal const string StreamAbandoned = "aigateway.stream.abandoned";

    /// <summary>
    /// The innermost GenAI client span another instrumentation started around this call (walking up past this
    /// library's own spans, such as failover's), or <see langword="null"/>.
    /// </summary>
    internal static Activity? FindOuterGenAiSpan()
    {
        for (var activity = Activity.Current; activity is not null; activity = activity.Parent)
        {
            if (activity.Source.Name == AiGatewayTelemetry.SourceName)
            {
                continue;
            }

            if (activity.Kind == ActivityKind.Client && activity.GetTagItem(AiGatewayTelemetry.TagNames.OperationName) is not null)
            {
                return activity;
            }
        }

        return null;
    }

    /// <summary>
    /// Records a successful call on its span and in the metrics. When the GenAI span and metrics are recorded outside
    /// (<paramref name="outer"/> set, or <paramref name="genAiRecordedOutside"/>), only the gateway's own facts are
    /// added: the cost metric, and cost on the outer span.
    /// </summary>
    public static void RecordSuccess(Activity? activity, Route route, in CallResult result, TimeSpan elapsed, Activity? outer = null, bool genAiRecordedOutside = false) =>
        RecordSuccess(activity, route, result, null, elapsed.Ticks, outer, genAiRecordedOutside);

    /// <summary>
    /// Records a successful call as <see cref="RecordSuccess(Activity?, Route, in CallResult, TimeSpan, Activity?, bool)"/>,
    /// reading the clock for its duration only when the duration metric is recorded (nothing else uses it):
    /// <paramref name="startedOrElapsed"/> is the call's start timestamp from <paramref name="timeProvider"/>, or with
    /// no time provider the elapsed ticks.
    /// </summary>
    public static void RecordSuccess(Activity? activity, Route route, in CallResult result, TimeProvider? timeProvider, long startedOrElapsed, Activity? outer, bool genAiRecordedOutside)
    {
        if (outer is not null || genAiRecordedOutside)
        {
            RecordCost(route, result.CostUsd);
            if (result.CostUsd is { } outerCost && outer is { IsAllDataRequested: true })
            {
                outer.SetTag(AiGatewayTelemetry.TagNames.CostUsd, (double)outerCost);
            }

            return;
        }

        var usage = result.Usage;

        // Tag arrays only when a MeterListener listens: with none, Record would drop them (a few hundred bytes a call).
        if (AiGatewayTelemetry.OperationDuration.Enabled || AiGatewayTelemetry.TokenUsage.Enabled)
        {
            var tags = MetricTags(route, result.ResponseModel);
            var elapsed = timeProvider is null ? TimeSpan.FromTicks(startedOrElapsed) : timeProvider.GetElapsedTime(startedOrElapsed);
            AiGatewayTelemetry.OperationDuration.Record(elapsed.TotalSeconds, tags);
            if (usage?.InputTokenCount is { } input)
            {
                AiGatewayTelemetry.TokenUsage.Record(input, [.. tags, new(AiGatewayTelemetry.TagNames.TokenType, "input")]);
            }

            if (usage?.OutputTokenCount is { } output)
            {
                AiGatewayTelemetry.TokenUsage.Record(output, [.. tags, new(AiGatewayTelemetry.TagNames.TokenType, "output")]);
            }
        }

        RecordCost(route, result.CostUsd);
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetTag(AiGatewayTelemetry.TagNames.ResponseId, result.ResponseId);
        activity.SetTag(AiGatewayTelemetry.TagNames.ResponseModel, result.ResponseModel);
        if (result.FinishReason is { } reason)
        {
            activity.SetTag(AiGatewayTelemetry.TagNames.FinishReasons, new[] { reason.Value });
        }

        activity.SetTag(AiGatewayTelemetry.TagNames.InputTokens, usage?.InputTokenCount);
        activity.SetTag(AiGatewayTelemetry.TagNames.OutputTokens, usage?.OutputTokenCount);
        activity.SetTag(AiGatewayTelemetry.TagNames.CacheReadInputTokens, usage?.CachedInputTokenCount);
        activity.SetTag(AiGatewayTelemetry.TagNames.ReasoningOutputTokens, usage?.ReasoningTokenCount);
        if (result.CostUsd is { } costUsd)
        {
            activity.SetTag(AiGatewayTelemetry.TagNames.CostUsd, (double)costUsd);
        }

        if (result.OutputMessages is { } messages)
        {
            activity.SetTag("gen_ai.output.messages", GenAiMessageFormatter.Format(messages, result.FinishReason));
        }
    }

    /// <summary>
    /// Records a stream the caller stopped reading before it ended: the duration, and <c>aigateway.stream.abandoned</c>
    /// on the metric and the span. No <c>error.type</c>: nothing failed, the caller chose to stop.
    /// </summary>
    public static void RecordAbandoned(Activity? activity, Route route, string? responseModel, TimeSpan elapsed, bool genAiRecordedOutside = false)
    {
        if (genAiRecordedOutside)
        {
            return;
        }

        AiGatewayTelemetry.OperationDuration.Record(elapsed.TotalSeconds, [.. MetricTags(route, responseModel), new(StreamAbandoned, true)]);
        activity?.SetTag(StreamAbandoned, true);
    }

    /// <summary>Records a failed call: <c>error.type</c> is the HTTP status when there is one, else the exception type (never its message).</summary>
    public static void RecordFailure(Activity? activity, Route route, Exception exception, TimeSpan elapsed, bool genAiRecordedOutside = false)
    {
        if (genAiRecordedOutside)
        {
            // The outer instrumentation records the failure on its own span and duration metric.
            return;
        }

        var errorType = exception is AiGatewayException { StatusCode: { } status }
            ? ((int)status).ToString(CultureInfo.InvariantCulture)
            : exception.GetType().Name;
        AiGatewayTelemetry.OperationDuration.Record(elapsed.TotalSeconds, [.. MetricTags(route, null), new(AiGatewayTelemetry.TagNames.ErrorType, errorType)]);
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            activity.SetTag(AiGatewayTelemetry.TagNames.ErrorType, errorType);
            if (exception is AiGatewayException { StatusCode: { } code })
            {
                activity.SetTag(AiGatewayTelemetry.TagNames.HttpStatusCode, (int)code);
            }
        }
    }

    /// <summary>
    /// Maps a catalog creator to the convention's <c>gen_ai.provider.name</c> well-known values
    /// (https://opentelemetry.io/docs/specs/semconv/registry/attributes/gen-ai/#gen-ai-provider-name); other creators pass through.
    /// </summary>
    public static string ProviderName(string creator) => creator switch
    {
        "google" => "gcp.gemini",
        "mistral" or "mistralai" => "mistral_ai",
        "xai" or "x-ai" => "x_ai",
        "amazon" => "aws.bedrock",
        "ibm" => "ibm.watsonx.ai",
        _ => creator,
    };

    private static void RecordCost(Route route, decimal? costUsd)
    {
        if (costUsd is { } cost && AiGatewayTelemetry.Cost.Enabled)
        {
            AiGatewayTelemetry.Cost.Add(
                (double)cost,
                new KeyValuePair<string, object?>(AiGatewayTelemetry.TagNames.Gateway, route.Gateway.Kind.ToString()),
                new KeyValuePair<string, object?>(AiGatewayTelemetry.TagNames.RequestModel, route.WireModelId));
        }
    }

    private static KeyValuePair<string, object?>[] MetricTags(Route route, string? responseModel) =>
    [
        new(AiGatewayTelemetry.TagNames.OperationName, OperationName),
        new(AiGatewayTelemetry.TagNames.ProviderName, ProviderName(route.Model.Creator)),
        new(AiGatewayTelemetry.TagNames.RequestModel, route.WireModelId),
        new(AiGatewayTelemetry.TagNames.ResponseModel, responseModel),
        new(AiGatewayTelemetry.TagNames.ServerAddress, route.Endpoint.Host),
        new(AiGatewayTelemetry.TagNames.Gateway, route.Gateway.Kind.ToString()),
        new(AiGatewayTelemetry.TagNames.Dialect, route.Dialect.ToString()),
    ];
}
