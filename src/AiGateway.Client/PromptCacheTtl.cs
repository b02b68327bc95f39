namespace AiGateway.Client;

/// <summary>
/// How long Anthropic keeps a prompt-cache entry (the <c>ttl</c> of a <c>cache_control</c> breakpoint).
/// https://docs.claude.com/en/docs/build-with-claude/prompt-caching#1-hour-cache-duration
/// </summary>
public enum PromptCacheTtl
{
    /// <summary>The default 5-minute cache (no <c>ttl</c> is sent); writes cost 1.25× the input price.</summary>
    FiveMinutes,

    /// <summary>The 1-hour cache (<c>"ttl": "1h"</c>); writes cost 2× the input price. Not every gateway passes it on.</summary>
    OneHour,
}
