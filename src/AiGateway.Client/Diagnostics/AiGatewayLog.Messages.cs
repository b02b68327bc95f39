using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Diagnostics;

/// <summary>Log lines of the Anthropic Messages dialect (event ids 40-49).</summary>
internal static partial class AiGatewayLog
{
    [LoggerMessage(40, LogLevel.Warning, "The Messages dialect has no '{Parameter}'; it was left out of the request for model '{Model}'.")]
    public static partial void MessagesParameterUnsupported(ILogger logger, string parameter, string model);

    [LoggerMessage(41, LogLevel.Warning, "'{Parameter}' cannot be combined with thinking on model '{Model}' (Anthropic allows only temperature 1, top_p of at least 0.95, and no top_k); it was left out.")]
    public static partial void MessagesThinkingParameterDropped(ILogger logger, string parameter, string model);

    [LoggerMessage(42, LogLevel.Warning, "Thinking was left out of the request for model '{Model}' because {Reason}.")]
    public static partial void MessagesThinkingDropped(ILogger logger, string model, string reason);

    [LoggerMessage(43, LogLevel.Warning, "{Dropped} explicit cache_control breakpoint(s) were left out: Anthropic accepts at most {Limit} per request.")]
    public static partial void MessagesCacheBreakpointsDropped(ILogger logger, int dropped, int limit);

    [LoggerMessage(44, LogLevel.Warning, "Tool '{Tool}' ({ToolType}) has no Messages equivalent; it was left out of the request.")]
    public static partial void MessagesToolIgnored(ILogger logger, string tool, string toolType);

    [LoggerMessage(45, LogLevel.Debug, "A {ContentType} in a {Role} message has no Messages equivalent; it was left out of the request.")]
    public static partial void MessagesContentIgnored(ILogger logger, string contentType, string role);

    [LoggerMessage(46, LogLevel.Debug, "The thinking budget for model '{Model}' was lowered to {Budget} tokens to stay below max_tokens ({MaxTokens}).")]
    public static partial void MessagesThinkingBudgetLowered(ILogger logger, string model, int budget, int maxTokens);

    [LoggerMessage(48, LogLevel.Warning, "Model '{Model}' accepts temperature or top_p, not both; top_p was left out and temperature sent.")]
    public static partial void MessagesTopPDroppedForTemperature(ILogger logger, string model);

    [LoggerMessage(49, LogLevel.Warning, "A tool result's {ContentType} was left out: a Messages tool_result carries text, images and documents (base64 or URL), not hosted files.")]
    public static partial void MessagesToolResultContentNotSent(ILogger logger, string contentType);
}
