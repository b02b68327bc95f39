using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Diagnostics;

/// <summary>Log lines of the Gemini generateContent dialect (event ids 50-59).</summary>
internal static partial class AiGatewayLog
{
    [LoggerMessage(50, LogLevel.Debug, "Ignored a generateContent response part of kind '{PartKind}' (model '{Model}'); only text, thoughts, function calls and inline/file data are mapped.")]
    public static partial void GenerateContentPartIgnored(ILogger logger, string partKind, string model);

    [LoggerMessage(51, LogLevel.Debug, "Function call '{FunctionName}' in the history has no thought signature; sent Gemini's documented 'skip_thought_signature_validator' placeholder so model '{Model}' accepts it.")]
    public static partial void GenerateContentSignaturePlaceholder(ILogger logger, string functionName, string model);

    [LoggerMessage(52, LogLevel.Warning, "Model '{Model}' does not think; ChatOptions.Reasoning was left out of the generateContent request.")]
    public static partial void GenerateContentReasoningIgnored(ILogger logger, string model);

    [LoggerMessage(53, LogLevel.Warning, "Gemini blocked the prompt for model '{Model}' ({BlockReason}); the response is empty with finish reason content_filter.")]
    public static partial void GenerateContentPromptBlocked(ILogger logger, string model, string blockReason);

    [LoggerMessage(54, LogLevel.Warning, "Tool '{ToolName}' ({ToolType}) has no generateContent equivalent and was left out of the request; only function declarations are sent.")]
    public static partial void GenerateContentToolIgnored(ILogger logger, string toolName, string toolType);

    [LoggerMessage(55, LogLevel.Debug, "Ignored a {ContentType} in a '{Role}' message: the generateContent dialect has no part for it.")]
    public static partial void GenerateContentContentIgnored(ILogger logger, string contentType, string role);

    [LoggerMessage(58, LogLevel.Debug, "The thinking budget for model '{Model}' was lowered to {Budget} tokens to stay inside maxOutputTokens ({MaxTokens}).")]
    public static partial void GenerateContentThinkingBudgetLowered(ILogger logger, string model, int budget, int maxTokens);

    [LoggerMessage(59, LogLevel.Warning, "A tool result's {ContentType} was left out: a functionResponse carries text and inline data (images, PDFs), not URLs or hosted files.")]
    public static partial void GenerateContentToolResultContentNotSent(ILogger logger, string contentType);
}
