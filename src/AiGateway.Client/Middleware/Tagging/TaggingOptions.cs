namespace AiGateway.Client;

/// <summary>
/// Settings of <see cref="Middleware.Tagging.TaggingChatClient"/>: the tags and user every request carries, and the limits every
/// merged request is checked against before it is sent.
/// </summary>
/// <remarks>
/// The limits are this library's own, chosen so that a request passing them fits every gateway's native form:
/// 16 tags matches OpenAI's <c>metadata</c> object (at most 16 pairs, values at most 512 characters;
/// https://platform.openai.com/docs/api-reference/chat/create#chat-create-metadata), 128 characters per tag and
/// 256 per user id keep <c>cf-aig-metadata</c> and other header forms small. Gateways with tighter limits (Cloudflare's
/// 5 metadata keys) are checked by their gateway profile.
/// </remarks>
public sealed class TaggingOptions
{
    /// <summary>The default of <see cref="MaxTags"/>.</summary>
    public const int DefaultMaxTags = 16;

    /// <summary>The default of <see cref="MaxTagLength"/>.</summary>
    public const int DefaultMaxTagLength = 128;

    /// <summary>The default of <see cref="MaxUserLength"/>.</summary>
    public const int DefaultMaxUserLength = 256;

    /// <summary>Gets the tags every request carries (for example <c>app:checkout</c>), merged before the ambient and per-request ones.</summary>
    public IList<string> DefaultTags { get; } = new List<string>();

    /// <summary>Gets or sets the user id a request carries when neither the request nor the ambient <see cref="AiGatewayScope"/> names one.</summary>
    public string? DefaultUser { get; set; }

    /// <summary>Gets or sets how many distinct tags one request may carry after merging (default 16).</summary>
    public int MaxTags { get; set; } = DefaultMaxTags;

    /// <summary>Gets or sets the longest tag, in characters (default 128).</summary>
    public int MaxTagLength { get; set; } = DefaultMaxTagLength;

    /// <summary>Gets or sets the longest user id, in characters (default 256).</summary>
    public int MaxUserLength { get; set; } = DefaultMaxUserLength;
}
