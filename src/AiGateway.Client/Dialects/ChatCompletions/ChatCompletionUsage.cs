namespace AiGateway.Client.Dialects.ChatCompletions;

/// <summary>The <c>usage</c> object, plus the cost fields some gateways add to it.</summary>
internal sealed class ChatCompletionUsage
{
    public long? PromptTokens { get; set; }

    public long? CompletionTokens { get; set; }

    public long? TotalTokens { get; set; }

    /// <summary>Gets or sets <c>prompt_tokens_details.cached_tokens</c>.</summary>
    public long? CachedTokens { get; set; }

    /// <summary>Gets or sets <c>completion_tokens_details.reasoning_tokens</c>.</summary>
    public long? ReasoningTokens { get; set; }

    /// <summary>Gets or sets <c>cache_creation_input_tokens</c> (Vercel, for Anthropic models).</summary>
    public long? CacheCreationInputTokens { get; set; }

    /// <summary>Gets or sets <c>usage.cost</c> in USD (Vercel, OpenRouter-style gateways).</summary>
    public decimal? Cost { get; set; }
}
