using Microsoft.Extensions.AI;

namespace AiGateway.Client;

/// <summary>
/// Typed helpers for prompt caching. The <see cref="ChatOptions"/> helpers return a changed clone and leave the
/// options passed in untouched, so shared options are safe to reuse.
/// </summary>
public static class AiGatewayCachingExtensions
{
    /// <summary>
    /// Turns on automatic Anthropic prompt caching on the Messages dialect: <c>cache_control</c> breakpoints on the system
    /// prompt, the last tool definition and the last turn (never more than Anthropic's four, counting explicit ones).
    /// Other dialects ignore it (OpenAI and Gemini cache prefixes on their own).
    /// </summary>
    /// <param name="options">The options to copy.</param>
    /// <param name="ttl">The cache lifetime of the breakpoints.</param>
    /// <returns>A clone of <paramref name="options"/> with caching on.</returns>
    public static ChatOptions WithPromptCaching(this ChatOptions options, PromptCacheTtl ttl = PromptCacheTtl.FiveMinutes) =>
        With(options, AiGatewayCachingPropertyKeys.PromptCaching, ttl);

    /// <summary>Sets OpenAI's <c>prompt_cache_key</c> (Chat Completions and Responses), which groups requests sharing a prefix.</summary>
    /// <param name="options">The options to copy.</param>
    /// <param name="key">The cache key.</param>
    /// <returns>A clone of <paramref name="options"/> with the key.</returns>
    public static ChatOptions WithPromptCacheKey(this ChatOptions options, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return With(options, AiGatewayCachingPropertyKeys.PromptCacheKey, key);
    }

    /// <summary>Sets OpenAI's <c>prompt_cache_retention</c> (Chat Completions and Responses).</summary>
    /// <param name="options">The options to copy.</param>
    /// <param name="retention">The retention policy.</param>
    /// <returns>A clone of <paramref name="options"/> with the retention.</returns>
    public static ChatOptions WithPromptCacheRetention(this ChatOptions options, PromptCacheRetention retention) =>
        With(options, AiGatewayCachingPropertyKeys.PromptCacheRetention, retention);

    /// <summary>
    /// Places an explicit Anthropic <c>cache_control</c> breakpoint on the last block of <paramref name="message"/>
    /// (Messages dialect). Explicit breakpoints count first against Anthropic's limit of four.
    /// </summary>
    /// <param name="message">The message to mark; it is changed in place.</param>
    /// <param name="ttl">The cache lifetime.</param>
    /// <returns>The same message.</returns>
    public static ChatMessage WithCacheBreakpoint(this ChatMessage message, PromptCacheTtl ttl = PromptCacheTtl.FiveMinutes)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.AdditionalProperties ??= [];
        message.AdditionalProperties[AiGatewayCachingPropertyKeys.CacheControl] = ttl;
        return message;
    }

    private static ChatOptions With(ChatOptions options, string key, object value)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clone = options.Clone();
        clone.AdditionalProperties = clone.AdditionalProperties is { } existing ? new(existing) : [];
        clone.AdditionalProperties[key] = value;
        return clone;
    }
}
