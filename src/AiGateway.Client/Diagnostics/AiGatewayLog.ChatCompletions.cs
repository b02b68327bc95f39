using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Diagnostics;

/// <summary>Log lines of the Chat Completions dialect (event ids 20-29).</summary>
internal static partial class AiGatewayLog
{
    [LoggerMessage(20, LogLevel.Debug, "Chat Completions has no request field for '{Option}'; it was left out of the request for model '{Model}'.")]
    public static partial void ChatCompletionsOptionIgnored(ILogger logger, string option, string model);

    [LoggerMessage(21, LogLevel.Debug, "Reasoning content without Chat Completions round-trip data (it came from another dialect or had no signature) was left out of the request for model '{Model}'.")]
    public static partial void ChatCompletionsReasoningNotSent(ILogger logger, string model);

    [LoggerMessage(22, LogLevel.Debug, "Tool '{ToolName}' ({ToolType}) is not a function declaration; Chat Completions cannot send it and it was left out.")]
    public static partial void ChatCompletionsToolIgnored(ILogger logger, string toolName, string toolType);

    [LoggerMessage(23, LogLevel.Debug, "The Chat Completions stream for model '{Model}' ended after its finish_reason without 'data: [DONE]'; the answer is complete.")]
    public static partial void ChatCompletionsStreamEndedWithoutDone(ILogger logger, string model);

    [LoggerMessage(24, LogLevel.Warning, "{Gateway} reported a cost that is not a decimal number; the catalog price is used instead.")]
    public static partial void ChatCompletionsCostUnreadable(ILogger logger, string gateway);

    [LoggerMessage(25, LogLevel.Debug, "Ignored choice {Index} of a Chat Completions response for model '{Model}': only the first choice is read.")]
    public static partial void ChatCompletionsChoiceIgnored(ILogger logger, int index, string model);

    [LoggerMessage(29, LogLevel.Warning, "A tool result's {ContentType} was left out: a Chat Completions tool message carries text only. Use the Responses, Messages or generateContent dialect to return images or files from a tool.")]
    public static partial void ChatCompletionsToolResultContentNotSent(ILogger logger, string contentType);
}
