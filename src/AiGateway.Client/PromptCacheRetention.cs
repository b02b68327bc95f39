namespace AiGateway.Client;

/// <summary>
/// OpenAI's <c>prompt_cache_retention</c> (Chat Completions and Responses): how long cached prefixes may be kept.
/// https://platform.openai.com/docs/guides/prompt-caching#prompt-cache-retention
/// </summary>
public enum PromptCacheRetention
{
    /// <summary><c>in_memory</c>: kept while the prefix is hot (minutes).</summary>
    InMemory,

    /// <summary><c>24h</c>: extended caching, up to 24 hours.</summary>
    TwentyFourHours,
}
