namespace AiGateway.Client.Dialects.Responses;

/// <summary>The breakdown of <c>output_tokens</c>.</summary>
internal sealed class ResponseOutputTokensDetails
{
    public long? ReasoningTokens { get; set; }
}
