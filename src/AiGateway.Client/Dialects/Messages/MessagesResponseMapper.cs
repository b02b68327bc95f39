using AiGateway.Client.Catalog;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.Messages;

/// <summary>The mappings a whole answer and a stream share: stop reason, usage, citations.</summary>
internal static class MessagesResponseMapper
{
    /// <summary>The <see cref="ChatResponse.AdditionalProperties"/> key holding the raw <c>stop_reason</c> when it has no exact <see cref="ChatFinishReason"/>.</summary>
    public const string StopReasonKey = "stop_reason";

    /// <summary>The <see cref="ChatResponse.AdditionalProperties"/> key holding the <c>stop_sequence</c> that ended the answer.</summary>
    public const string StopSequenceKey = "stop_sequence";

    /// <summary>
    /// Maps <c>stop_reason</c> (https://docs.claude.com/en/api/handling-stop-reasons): <c>end_turn</c> and
    /// <c>stop_sequence</c> → Stop, <c>max_tokens</c> and <c>model_context_window_exceeded</c> → Length,
    /// <c>tool_use</c> → ToolCalls, <c>refusal</c> → ContentFilter; anything else (<c>pause_turn</c>) is kept as is, and a
    /// blank one is no reason.
    /// </summary>
    public static ChatFinishReason? FinishReason(string? stopReason) => stopReason switch
    {
        null => null,
        "end_turn" or "stop_sequence" => ChatFinishReason.Stop,
        "max_tokens" or "model_context_window_exceeded" => ChatFinishReason.Length,
        "tool_use" => ChatFinishReason.ToolCalls,
        "refusal" => ChatFinishReason.ContentFilter,
        _ => FinishReasonText.ToFinishReason(stopReason),
    };

    /// <summary>Builds the properties that keep what <see cref="FinishReason"/> cannot say: the raw reason when the mapping is not exact, and the stop sequence.</summary>
    public static AdditionalPropertiesDictionary? StopProperties(string? stopReason, string? stopSequence)
    {
        AdditionalPropertiesDictionary? properties = null;
        if (stopReason is not null and not ("end_turn" or "max_tokens" or "tool_use"))
        {
            (properties ??= [])[StopReasonKey] = stopReason;
            properties[DialectPropertyKeys.RawFinishReason] = stopReason;
        }

        if (!string.IsNullOrEmpty(stopSequence))
        {
            (properties ??= [])[StopSequenceKey] = stopSequence;
        }

        return properties;
    }

    /// <summary>
    /// Maps usage. Anthropic's <c>input_tokens</c> leaves out cache reads and cache writes, so the input count is their
    /// sum; cache reads are the cached input, and cache writes are also recorded under
    /// <see cref="CostCalculator.CacheCreationInputTokensKey"/> so <see cref="CostCalculator"/> prices them at the write rate.
    /// </summary>
    public static UsageDetails? Usage(MessagesUsage? usage)
    {
        if (usage is null)
        {
            return null;
        }

        var cacheRead = usage.CacheReadInputTokens ?? 0;
        var cacheWrite = usage.CacheCreationInputTokens ?? 0;
        long? input = usage.InputTokens is null && cacheRead == 0 && cacheWrite == 0 ? null : (usage.InputTokens ?? 0) + cacheRead + cacheWrite;
        var details = new UsageDetails
        {
            InputTokenCount = input,
            OutputTokenCount = usage.OutputTokens,
            TotalTokenCount = input is null && usage.OutputTokens is null ? null : (input ?? 0) + (usage.OutputTokens ?? 0),
            CachedInputTokenCount = usage.CacheReadInputTokens,
            ReasoningTokenCount = usage.OutputTokensDetails?.ThinkingTokens,
        };
        if (cacheWrite > 0)
        {
            details.AdditionalCounts = new() { [CostCalculator.CacheCreationInputTokensKey] = cacheWrite };
        }

        return details;
    }

    /// <summary>Maps a citation to an annotation (title, URL and the cited text; the location details stay in the raw block).</summary>
    public static CitationAnnotation Citation(MessagesCitation citation) => new()
    {
        Title = citation.DocumentTitle ?? citation.Title,
        Url = Uri.TryCreate(citation.Url ?? citation.Source, UriKind.Absolute, out var url) ? url : null,
        Snippet = citation.CitedText,
        RawRepresentation = citation,
    };
}
