namespace AiGateway.Client;

/// <summary>
/// Keys read from a <see cref="Microsoft.Extensions.AI.HostedWebSearchTool"/>'s <c>AdditionalProperties</c> to shape the
/// search where the dialect has the setting (pass them to the tool's constructor). Values may be given as .NET values
/// or as <see cref="System.Text.Json.JsonElement"/> (as read from configuration); a dialect without the setting ignores
/// the key. See README, "Hosted tools".
/// </summary>
public static class HostedToolPropertyKeys
{
    /// <summary>The most searches in one request, an <see cref="int"/>. Anthropic Messages (<c>max_uses</c>).</summary>
    public const string MaxUses = "max_uses";

    /// <summary>
    /// Only these domains are searched, a list of <see cref="string"/>. Anthropic Messages (<c>allowed_domains</c>),
    /// OpenAI Responses (<c>filters.allowed_domains</c>).
    /// </summary>
    public const string AllowedDomains = "allowed_domains";

    /// <summary>These domains are never searched, a list of <see cref="string"/>. Anthropic Messages (<c>blocked_domains</c>).</summary>
    public const string BlockedDomains = "blocked_domains";

    /// <summary>
    /// The user's approximate location, a dictionary of <see cref="string"/> (keys <c>city</c>, <c>region</c>,
    /// <c>country</c> as a two-letter code, <c>timezone</c> as an IANA id). Anthropic Messages and OpenAI Responses
    /// (<c>user_location</c>, sent with <c>type: approximate</c>).
    /// </summary>
    public const string UserLocation = "user_location";
}
