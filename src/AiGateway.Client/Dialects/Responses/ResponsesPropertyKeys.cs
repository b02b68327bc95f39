namespace AiGateway.Client.Dialects.Responses;

/// <summary>Keys the Responses dialect puts in <c>AdditionalProperties</c>.</summary>
internal static class ResponsesPropertyKeys
{
    /// <summary>
    /// On a <see cref="Microsoft.Extensions.AI.TextReasoningContent"/>: the id of the <c>reasoning</c> output item it came
    /// from. The writer sends the item back (id + encrypted content) only when it carries this key, which also tells it
    /// that <c>ProtectedData</c> is OpenAI encrypted reasoning and not another provider's signature.
    /// </summary>
    public const string ItemId = "aigateway.responses.item_id";
}
