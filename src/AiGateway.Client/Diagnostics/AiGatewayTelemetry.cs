using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AiGateway.Client.Diagnostics;

/// <summary>
/// The <see cref="ActivitySource"/> and <see cref="Meter"/> named <c>AiGateway.Client</c>, following the OpenTelemetry
/// GenAI semantic conventions (https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/).
/// </summary>
public static class AiGatewayTelemetry
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string SourceName = "AiGateway.Client";

    /// <summary>Gets the activity source every call's span comes from.</summary>
    public static ActivitySource ActivitySource { get; } = new(SourceName, typeof(AiGatewayTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Gets the meter every metric comes from.</summary>
    public static Meter Meter { get; } = new(SourceName, typeof(AiGatewayTelemetry).Assembly.GetName().Version?.ToString());

    internal static Histogram<double> OperationDuration { get; } = Meter.CreateHistogram<double>(
        "gen_ai.client.operation.duration", "s", "Duration of a GenAI client operation.");

    internal static Histogram<long> TokenUsage { get; } = Meter.CreateHistogram<long>(
        "gen_ai.client.token.usage", "{token}", "Number of input and output tokens used.");

    internal static Counter<double> Cost { get; } = Meter.CreateCounter<double>(
        "aigateway.cost", "USD", "Cost of calls in USD, from the gateway's report or the catalog prices.");

    internal static Counter<long> FailoverAttempts { get; } = Meter.CreateCounter<long>(
        "aigateway.failover.attempts", "{attempt}", "Calls made by failover, by outcome (completed, retry, failover, failed, cancelled, abandoned).");

    /// <summary>Names of the spans and span events this library writes besides the per-call <c>chat {model}</c> span.</summary>
    internal static class EventNames
    {
        /// <summary>The span around one request's attempts: <c>failover {model}</c>.</summary>
        public const string FailoverSpanPrefix = "failover ";

        /// <summary>One call made by failover (an event on the failover span).</summary>
        public const string FailoverAttempt = "aigateway.failover.attempt";

        /// <summary>A target skipped because its circuit is open (an event on the failover span).</summary>
        public const string FailoverTargetSkipped = "aigateway.failover.target_skipped";

        /// <summary>A target's circuit changed state (an event on the span current at the time).</summary>
        public const string CircuitStateChanged = "aigateway.failover.circuit";
    }

    /// <summary>Attribute and tag names used on spans and metrics.</summary>
    internal static class TagNames
    {
        public const string OperationName = "gen_ai.operation.name";
        public const string ProviderName = "gen_ai.provider.name";
        public const string RequestModel = "gen_ai.request.model";
        public const string ResponseModel = "gen_ai.response.model";
        public const string ResponseId = "gen_ai.response.id";
        public const string FinishReasons = "gen_ai.response.finish_reasons";
        public const string InputTokens = "gen_ai.usage.input_tokens";
        public const string OutputTokens = "gen_ai.usage.output_tokens";
        public const string TokenType = "gen_ai.token.type";
        public const string ErrorType = "error.type";
        public const string ServerAddress = "server.address";
        public const string Gateway = "aigateway.gateway";
        public const string Dialect = "aigateway.dialect";
        public const string CostUsd = "aigateway.cost_usd";
        public const string CatalogModel = "aigateway.model";
        public const string Tags = "aigateway.tags";
        public const string User = "aigateway.user";
        public const string RequestMaxTokens = "gen_ai.request.max_tokens";
        public const string RequestTemperature = "gen_ai.request.temperature";
        public const string RequestTopP = "gen_ai.request.top_p";
        public const string RequestStream = "gen_ai.request.stream";
        public const string CacheReadInputTokens = "gen_ai.usage.cache_read.input_tokens";
        public const string ReasoningOutputTokens = "gen_ai.usage.reasoning.output_tokens";
        public const string HttpStatusCode = "http.response.status_code";
        public const string Attempts = "aigateway.attempts";
        public const string Attempt = "aigateway.attempt";
        public const string TargetAttempt = "aigateway.target_attempt";
        public const string Outcome = "aigateway.outcome";
        public const string RetryDelayMs = "aigateway.retry_delay_ms";
        public const string Targets = "aigateway.failover.targets";
        public const string TargetModel = "aigateway.failover.target_model";
        public const string CircuitState = "aigateway.circuit.state";
        public const string BreakDurationMs = "aigateway.circuit.break_ms";
    }
}
