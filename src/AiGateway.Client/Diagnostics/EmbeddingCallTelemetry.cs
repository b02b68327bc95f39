using System.Diagnostics;
using System.Globalization;
using AiGateway.Client.Embeddings;

namespace AiGateway.Client.Diagnostics;

/// <summary>
/// The span and metrics of one <see cref="AiGatewayEmbeddingGenerator"/> call, after the OpenTelemetry GenAI
/// conventions for the <c>embeddings</c> operation (https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/#embeddings):
/// span <c>embeddings {model}</c> with <c>gen_ai.operation.name</c>, <c>gen_ai.request.model</c>,
/// <c>gen_ai.embeddings.dimension.count</c>, <c>gen_ai.request.encoding_formats</c>, <c>gen_ai.usage.input_tokens</c>
/// plus <c>aigateway.gateway</c>, <c>aigateway.cost_usd</c> and <c>aigateway.batches</c>; histograms
/// <c>gen_ai.client.operation.duration</c> and <c>gen_ai.client.token.usage</c> (input only). Texts are never recorded.
/// </summary>
internal static class EmbeddingCallTelemetry
{
    internal const string OperationName = "embeddings";
    internal const string DimensionCount = "gen_ai.embeddings.dimension.count";
    internal const string EncodingFormats = "gen_ai.request.encoding_formats";
    internal const string Batches = "aigateway.batches";
    private static readonly string[] FloatFormat = ["float"];

    public static Activity? Start(EmbeddingRoute route, int? dimensions, IReadOnlyList<string> tags)
    {
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
        activity.SetTag(AiGatewayTelemetry.TagNames.ProviderName, ChatCallTelemetry.ProviderName(route.Model.Creator));
        activity.SetTag(AiGatewayTelemetry.TagNames.RequestModel, route.WireModelId);
        activity.SetTag(AiGatewayTelemetry.TagNames.ServerAddress, route.Endpoint.Host);
        activity.SetTag("server.port", route.Endpoint.Port);
        activity.SetTag(AiGatewayTelemetry.TagNames.Gateway, route.Gateway.Kind.ToString());
        activity.SetTag(EncodingFormats, FloatFormat);
        if (dimensions is { } d)
        {
            activity.SetTag(DimensionCount, d);
        }

        if (tags.Count > 0)
        {
            activity.SetTag(AiGatewayTelemetry.TagNames.Tags, tags.ToArray());
        }

        return activity;
    }

    public static void RecordSuccess(Activity? activity, EmbeddingRoute route, string? responseModel, long? inputTokens, decimal? cost, int dimensions, int batches, TimeSpan elapsed)
    {
        var tags = MetricTags(route, responseModel);
        AiGatewayTelemetry.OperationDuration.Record(elapsed.TotalSeconds, tags);
        if (inputTokens is { } input)
        {
            AiGatewayTelemetry.TokenUsage.Record(input, [.. tags, new(AiGatewayTelemetry.TagNames.TokenType, "input")]);
        }

        if (cost is { } c)
        {
            AiGatewayTelemetry.Cost.Add(
                (double)c,
                new KeyValuePair<string, object?>(AiGatewayTelemetry.TagNames.Gateway, route.Gateway.Kind.ToString()),
                new KeyValuePair<string, object?>(AiGatewayTelemetry.TagNames.RequestModel, route.WireModelId));
        }

        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetTag(AiGatewayTelemetry.TagNames.ResponseModel, responseModel);
        activity.SetTag(AiGatewayTelemetry.TagNames.InputTokens, inputTokens);
        activity.SetTag(DimensionCount, dimensions);
        activity.SetTag(Batches, batches);
        if (cost is { } costUsd)
        {
            activity.SetTag(AiGatewayTelemetry.TagNames.CostUsd, (double)costUsd);
        }
    }

    public static void RecordFailure(Activity? activity, EmbeddingRoute route, Exception exception, TimeSpan elapsed)
    {
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

    private static KeyValuePair<string, object?>[] MetricTags(EmbeddingRoute route, string? responseModel) =>
    [
        new(AiGatewayTelemetry.TagNames.OperationName, OperationName),
        new(AiGatewayTelemetry.TagNames.ProviderName, ChatCallTelemetry.ProviderName(route.Model.Creator)),
        new(AiGatewayTelemetry.TagNames.RequestModel, route.WireModelId),
        new(AiGatewayTelemetry.TagNames.ResponseModel, responseModel),
        new(AiGatewayTelemetry.TagNames.ServerAddress, route.Endpoint.Host),
        new(AiGatewayTelemetry.TagNames.Gateway, route.Gateway.Kind.ToString()),
    ];
}
