namespace AiGateway.Client.Dialects.Responses;

/// <summary>Why a response stopped early: <c>max_output_tokens</c> or <c>content_filter</c>.</summary>
internal sealed class ResponseIncompleteDetails
{
    public string? Reason { get; set; }
}
