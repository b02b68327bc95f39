using AiGateway.Client.Catalog;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.ChatCompletions;

/// <summary>
/// Turns a parsed message (or a chunk's delta) into <see cref="AIContent"/>s, the same way for whole responses and
/// streams, so that a stream's <c>ToChatResponse()</c> equals the non-streamed response: reasoning first, then text
/// and images in wire order; refusals and tool calls are added by the callers after these.
/// </summary>
internal static class ChatCompletionsResponseMapper
{
    /// <summary>The <see cref="ErrorContent.ErrorCode"/> of a refusal (as Microsoft.Extensions.AI.OpenAI writes it).</summary>
    public const string RefusalErrorCode = "Refusal";

    /// <summary>Adds the reasoning, text and images of <paramref name="message"/> to <paramref name="contents"/>.</summary>
    /// <returns>The refusal text found in <c>refusal</c> or in a refusal content part, if any.</returns>
    public static string? AddContents(ChatCompletionMessage message, ref List<AIContent>? contents)
    {
        AddReasoning(message, ref contents);

        string? refusal = message.Refusal;
        if (message.ContentParts is { } parts)
        {
            foreach (var part in parts)
            {
                switch (part.Type)
                {
                    case "reasoning" or "thinking":
                        if (!string.IsNullOrEmpty(part.Text) || part.RawJson is not null)
                        {
                            Add(ref contents, new TextReasoningContent(part.Text ?? string.Empty) { ProtectedData = part.RawJson });
                        }

                        break;
                    case "refusal":
                        refusal += part.Text;
                        break;
                    default:
                        // "text", "output_text", or an untyped part with text.
                        if (!string.IsNullOrEmpty(part.Text))
                        {
                            Add(ref contents, new TextContent(part.Text));
                        }

                        break;
                }
            }
        }
        else if (!string.IsNullOrEmpty(message.Content))
        {
            Add(ref contents, new TextContent(message.Content));
        }

        if (message.Images is { } images)
        {
            foreach (var url in images)
            {
                Add(ref contents, url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) ? new DataContent(url) : new UriContent(url, "image/*"));
            }
        }

        return string.IsNullOrEmpty(refusal) ? null : refusal;
    }

    /// <summary>Maps <c>usage</c>.</summary>
    public static UsageDetails ToUsageDetails(ChatCompletionUsage usage)
    {
        var details = new UsageDetails
        {
            InputTokenCount = usage.PromptTokens,
            OutputTokenCount = usage.CompletionTokens,
            TotalTokenCount = usage.TotalTokens ?? (usage.PromptTokens + usage.CompletionTokens),
            CachedInputTokenCount = usage.CachedTokens,
            ReasoningTokenCount = usage.ReasoningTokens,
        };

        if (usage.CacheCreationInputTokens is long written && written > 0)
        {
            // Vercel reports Anthropic cache writes here; prompt_tokens already counts them (OpenAI semantics), so
            // they are only recorded for pricing at the cache-write rate.
            details.AdditionalCounts = new AdditionalPropertiesDictionary<long> { [CostCalculator.CacheCreationInputTokensKey] = written };
        }

        return details;
    }

    /// <summary>Converts <c>created</c> (Unix seconds); 0 or less means the server did not say.</summary>
    public static DateTimeOffset? ToCreatedAt(long? created) => created is > 0 and < 253402300800 ? DateTimeOffset.FromUnixTimeSeconds(created.Value) : null;

    /// <summary>Builds the refusal content.</summary>
    public static ErrorContent Refusal(string text) => new(text) { ErrorCode = RefusalErrorCode };

    private static void AddReasoning(ChatCompletionMessage message, ref List<AIContent>? contents)
    {
        var details = message.ReasoningDetails;
        var detailsHaveText = false;
        if (details is not null)
        {
            foreach (var detail in details)
            {
                detailsHaveText |= !string.IsNullOrEmpty(detail.Text);
            }
        }

        // Gateways that send reasoning_details often repeat the same text in "reasoning": read it once.
        if (!detailsHaveText && !string.IsNullOrEmpty(message.Reasoning))
        {
            Add(ref contents, new TextReasoningContent(message.Reasoning));
        }

        if (details is null)
        {
            return;
        }

        foreach (var detail in details)
        {
            var text = detailsHaveText ? detail.Text ?? string.Empty : string.Empty;
            if (text.Length > 0 || detail.RawJson is not null)
            {
                Add(ref contents, new TextReasoningContent(text) { ProtectedData = detail.RawJson });
            }
        }
    }

    private static void Add(ref List<AIContent>? contents, AIContent content) => (contents ??= new List<AIContent>(2)).Add(content);
}
