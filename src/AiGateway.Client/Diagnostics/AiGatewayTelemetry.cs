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
        public const string Tags = "aigateway.tags";
        public const string User = "aigateway.user";
    }
}
