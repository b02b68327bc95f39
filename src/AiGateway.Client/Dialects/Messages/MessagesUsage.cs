namespace AiGateway.Client.Dialects.Messages;

/// <summary>
/// Token usage. <c>input_tokens</c> excludes cache reads and cache writes, which are reported beside it. In a stream,
/// <c>message_delta</c> usage is cumulative and supersedes the fields <c>message_start</c> reported.
/// https://docs.claude.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance
/// </summary>
internal sealed class MessagesUsage
{
    public long? InputTokens { get; set; }

    public long? OutputTokens { get; set; }

    public long? CacheCreationInputTokens { get; set; }

    public long? CacheReadInputTokens { get; set; }

    public MessagesOutputTokensDetails? OutputTokensDetails { get; set; }

    /// <summary>Gets or sets <c>cost</c> in USD, which OpenRouter-style gateways add to usage (kept raw: read defensively).</summary>
    public System.Text.Json.JsonElement? Cost { get; set; }

    /// <summary>Copies every field <paramref name="later"/> reports over this one (stream usage is cumulative).</summary>
    public void Merge(MessagesUsage later)
    {
        InputTokens = later.InputTokens ?? InputTokens;
        OutputTokens = later.OutputTokens ?? OutputTokens;
        CacheCreationInputTokens = later.CacheCreationInputTokens ?? CacheCreationInputTokens;
        CacheReadInputTokens = later.CacheReadInputTokens ?? CacheReadInputTokens;
        OutputTokensDetails = later.OutputTokensDetails ?? OutputTokensDetails;
        Cost = later.Cost ?? Cost;
    }
}
