namespace AiGateway.Client.Dialects.Responses;

/// <summary>
/// Token usage. Cached and cache-write tokens are subsets of <c>input_tokens</c>, reasoning tokens a subset of
/// <c>output_tokens</c>. See https://platform.openai.com/docs/api-reference/responses/object#responses/object-usage.
/// </summary>
internal sealed class ResponseUsage
{
    public long? InputTokens { get; set; }

    public long? OutputTokens { get; set; }

    public long? TotalTokens { get; set; }

    public ResponseInputTokensDetails? InputTokensDetails { get; set; }

    public ResponseOutputTokensDetails? OutputTokensDetails { get; set; }

    /// <summary>Gets or sets <c>cost</c> in USD, which OpenRouter-style gateways add to usage (kept raw: read defensively).</summary>
    public System.Text.Json.JsonElement? Cost { get; set; }
}
