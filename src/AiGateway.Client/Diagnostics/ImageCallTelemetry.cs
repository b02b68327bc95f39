using System.Diagnostics;
using System.Globalization;
using AiGateway.Client.Images;

namespace AiGateway.Client.Diagnostics;

/// <summary>
/// The span and metrics of one <see cref="AiGatewayImageGenerator"/> call. The operation is <c>generate_content</c>,
/// the name Microsoft.Extensions.AI 11's <c>OpenTelemetryImageGenerator</c> gives image generation (the GenAI
/// conventions define no image operation yet): span <c>generate_content {model}</c> with <c>gen_ai.operation.name</c>,
/// <c>gen_ai.provider.name</c>, <c>gen_ai.request.model</c>, <c>gen_ai.usage.*</c> plus <c>aigateway.gateway</c>,
/// <c>aigateway.dialect</c> (the wire shape) and <c>aigateway.cost_usd</c>; histograms
/// <c>gen_ai.client.operation.duration</c> and <c>gen_ai.client.token.usage</c>. When an outer GenAI span exists
/// (an <c>OpenTelemetryImageGenerator</c> above the leaf), no span or GenAI metric of our own is recorded: the outer
/// span is enriched with the gateway's facts, as for chat. Prompts and images are never recorded.
/// </summary>
internal static class ImageCallTelemetry
{
    internal const string OperationName = "generate_content";

    public static Activity? Start(ImageRoute route, IReadOnlyList<string> tags, out Activity? outer)
    {
        outer = ChatCallTelemetry.FindOuterGenAiSpan();
        if (outer is not null)
        {
            if (outer.IsAllDataRequested)
            {
                outer.SetTag(AiGatewayTelemetry.TagNames.ProviderName, ChatCallTelemetry.ProviderName(route.Model.Creator));
                outer.SetTag(AiGatewayTelemetry.TagNames.Gateway, route.Gateway.Kind.ToString());
                outer.SetTag(AiGatewayTelemetry.TagNames.Dialect, route.Shape.ToString());
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
        activity.SetTag(AiGatewayTelemetry.TagNames.ProviderName, ChatCallTelemetry.ProviderName(route.Model.Creator));
        activity.SetTag(AiGatewayTelemetry.TagNames.RequestModel, route.WireModelId);
        activity.SetTag(AiGatewayTelemetry.TagNames.ServerAddress, route.Endpoint.Host);
        activity.SetTag("server.port", route.Endpoint.Port);
        activity.SetTag(AiGatewayTelemetry.TagNames.Gateway, route.Gateway.Kind.ToString());
        activity.SetTag(AiGatewayTelemetry.TagNames.Dialect, route.Shape.ToString());
        activity.SetTag(AiGatewayTelemetry.TagNames.CatalogModel, route.Model.Id);
        if (tags.Count > 0)
        {
            activity.SetTag(AiGatewayTelemetry.TagNames.Tags, tags.ToArray());
        }

        return activity;
    }

    public static void RecordSuccess(Activity? activity, Activity? outer, ImageRoute route, long? inputTokens, long? outputTokens, decimal? cost, TimeSpan elapsed)
    {
        if (cost is { } c)
        {
            AiGatewayTelemetry.Cost.Add(
                (double)c,
                new KeyValuePair<string, object?>(AiGatewayTelemetry.TagNames.Gateway, route.Gateway.Kind.ToString()),
                new KeyValuePair<string, object?>(AiGatewayTelemetry.TagNames.RequestModel, route.WireModelId));
        }

        if (outer is not null)
        {
            if (cost is { } outerCost && outer.IsAllDataRequested)
            {
                outer.SetTag(AiGatewayTelemetry.TagNames.CostUsd, (double)outerCost);
            }

            return;
        }

        var tags = MetricTags(route);
        AiGatewayTelemetry.OperationDuration.Record(elapsed.TotalSeconds, tags);
        if (inputTokens is { } input)
        {
            AiGatewayTelemetry.TokenUsage.Record(input, [.. tags, new(AiGatewayTelemetry.TagNames.TokenType, "input")]);
        }

        if (outputTokens is { } output)
        {
            AiGatewayTelemetry.TokenUsage.Record(output, [.. tags, new(AiGatewayTelemetry.TagNames.TokenType, "output")]);
        }

        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetTag(AiGatewayTelemetry.TagNames.InputTokens, inputTokens);
        activity.SetTag(AiGatewayTelemetry.TagNames.OutputTokens, outputTokens);
        if (cost is { } costUsd)
        {
            activity.SetTag(AiGatewayTelemetry.TagNames.CostUsd, (double)costUsd);
        }
    }

    public static void RecordFailure(Activity? activity, Activity? outer, ImageRoute route, Exception exception, TimeSpan elapsed)
    {
        if (outer is not null)
        {
            return;
        }

        var errorType = exception is AiGatewayException { StatusCode: { } status }
            ? ((int)status).ToString(CultureInfo.InvariantCulture)
            : exception.GetType().Name;
        AiGatewayTelemetry.OperationDuration.Record(elapsed.TotalSeconds, [.. MetricTags(route), new(AiGatewayTelemetry.TagNames.ErrorType, errorType)]);
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

    private static KeyValuePair<string, object?>[] MetricTags(ImageRoute route) =>
    [
        new(AiGatewayTelemetry.TagNames.OperationName, OperationName),
        new(AiGatewayTelemetry.TagNames.ProviderName, ChatCallTelemetry.ProviderName(route.Model.Creator)),
        new(AiGatewayTelemetry.TagNames.RequestModel, route.WireModelId),
        new(AiGatewayTelemetry.TagNames.ServerAddress, route.Endpoint.Host),
        new(AiGatewayTelemetry.TagNames.Gateway, route.Gateway.Kind.ToString()),
    ];
}
