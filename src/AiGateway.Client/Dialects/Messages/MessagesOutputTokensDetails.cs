namespace AiGateway.Client.Dialects.Messages;

/// <summary>The breakdown of output tokens (<c>usage.output_tokens_details</c>).</summary>
internal sealed class MessagesOutputTokensDetails
{
    public long? ThinkingTokens { get; set; }
}
