using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Diagnostics;

/// <summary>Log lines of the OpenAI Responses dialect (event ids 30-39).</summary>
internal static partial class AiGatewayLog
{
    [LoggerMessage(30, LogLevel.Warning, "The Responses API has no '{Option}' parameter; it was left out of the request for model '{Model}'.")]
    public static partial void ResponsesOptionNotSupported(ILogger logger, string option, string model);

    [LoggerMessage(31, LogLevel.Warning, "The Responses API cannot take {ContentType} in a {Role} message; it was left out of the request.")]
    public static partial void ResponsesContentNotSent(ILogger logger, string contentType, string role);

    [LoggerMessage(32, LogLevel.Debug, "A reasoning item without OpenAI encrypted content (or from another provider) was left out of the history: a stateless Responses call cannot resolve it by id.")]
    public static partial void ResponsesReasoningNotReplayed(ILogger logger);

    [LoggerMessage(33, LogLevel.Warning, "The Responses dialect cannot send tool '{ToolName}' of type {ToolType}; it was left out of the request.")]
    public static partial void ResponsesToolNotSupported(ILogger logger, string toolName, string toolType);
}
