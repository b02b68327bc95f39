namespace AiGateway.Client;

/// <summary>
/// The <c>AdditionalProperties</c> keys that control prompt caching. Set them through
/// <see cref="AiGatewayCachingExtensions"/>, or directly where no helper fits (on a tool, through
/// <c>AIFunctionFactoryOptions.AdditionalProperties</c>).
/// </summary>
public static class AiGatewayCachingPropertyKeys
{
    /// <summary>
    /// On <c>ChatOptions</c>: a <see cref="PromptCacheTtl"/> turning on automatic Anthropic breakpoints (system prompt,
    /// last tool, last turn). <see langword="true"/> means <see cref="PromptCacheTtl.FiveMinutes"/>.
    /// </summary>
    public const string PromptCaching = "aigateway.prompt_caching";

    /// <summary>
    /// On a <c>ChatMessage</c>, an <c>AIContent</c> or an <c>AITool</c>: a <see cref="PromptCacheTtl"/> (or
    /// <see langword="true"/>, or the strings <c>"5m"</c>/<c>"1h"</c>) placing an explicit Anthropic <c>cache_control</c>
    /// breakpoint on the last block of that message, on that block, or on that tool definition.
    /// </summary>
    public const string CacheControl = "aigateway.cache_control";

    /// <summary>On <c>ChatOptions</c>: the OpenAI <c>prompt_cache_key</c> (a string).</summary>
    public const string PromptCacheKey = "aigateway.prompt_cache_key";

    /// <summary>On <c>ChatOptions</c>: the OpenAI <c>prompt_cache_retention</c> (a <see cref="PromptCacheRetention"/>).</summary>
    public const string PromptCacheRetention = "aigateway.prompt_cache_retention";
}
