namespace AiGateway.Client.Dialects.Responses;

/// <summary>The breakdown of <c>input_tokens</c>.</summary>
internal sealed class ResponseInputTokensDetails
{
    public long? CachedTokens { get; set; }

    public long? CacheWriteTokens { get; set; }
}
