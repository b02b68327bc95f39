using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects;

/// <summary>
/// Writes OpenAI's <c>prompt_cache_key</c> and <c>prompt_cache_retention</c> (<c>in_memory</c> | <c>24h</c>), which
/// <c>CreateChatCompletionRequest</c> and <c>CreateResponse</c> both take from <c>ModelResponseProperties</c> in the
/// OpenAPI spec (https://platform.openai.com/docs/guides/prompt-caching).
/// </summary>
internal static class OpenAIPromptCache
{
    public static void Write(Utf8JsonWriter writer, ChatOptions options)
    {
        if (options.AdditionalProperties is not { Count: > 0 } properties)
        {
            return;
        }

        if (properties.TryGetValue(AiGatewayCachingPropertyKeys.PromptCacheKey, out var key) && key is string { Length: > 0 } text)
        {
            writer.WriteString("prompt_cache_key", text);
        }

        if (properties.TryGetValue(AiGatewayCachingPropertyKeys.PromptCacheRetention, out var retention))
        {
            switch (retention)
            {
                case PromptCacheRetention.InMemory:
                    writer.WriteString("prompt_cache_retention", "in_memory");
                    break;
                case PromptCacheRetention.TwentyFourHours:
                    writer.WriteString("prompt_cache_retention", "24h");
                    break;
            }
        }
    }
}
