using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Diagnostics;

/// <summary>Every log line the client writes. None of them carries a secret or message content.</summary>
internal static partial class AiGatewayLog
{
    [LoggerMessage(1, LogLevel.Warning, "Model '{Model}' does not accept '{Parameter}'; it was left out of the request.")]
    public static partial void ParameterDropped(ILogger logger, string parameter, string model);

    [LoggerMessage(2, LogLevel.Warning, "Model id '{ModelId}' is not in the catalog; calling it as '{CanonicalId}' by the mechanical rule.{DidYouMean} Set StrictModels to fail instead.")]
    public static partial void UnknownModel(ILogger logger, string modelId, string canonicalId, string didYouMean);

    [LoggerMessage(3, LogLevel.Debug, "Sending {Dialect} request for model '{WireModel}' to {Gateway} at {Endpoint} (stream: {Streaming}).")]
    public static partial void Sending(ILogger logger, string dialect, string wireModel, string gateway, Uri endpoint, bool streaming);

    [LoggerMessage(4, LogLevel.Warning, "{Gateway} answered {StatusCode} for model '{Model}': {ErrorCode}.")]
    public static partial void GatewayError(ILogger logger, string gateway, int statusCode, string model, string? errorCode);

    [LoggerMessage(5, LogLevel.Debug, "Ignored unknown stream event '{EventType}' from {Dialect}.")]
    public static partial void UnknownEvent(ILogger logger, string eventType, string dialect);
}
