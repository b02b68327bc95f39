namespace AiGateway.Client.Dialects;

/// <summary>Keys more than one dialect writes to <c>AdditionalProperties</c>, defined once so they cannot drift apart.</summary>
internal static class DialectPropertyKeys
{
    /// <summary>
    /// On a response or update: the provider's own finish reason (Chat Completions <c>finish_reason</c>, Responses
    /// <c>status</c> or <c>incomplete_details.reason</c>) when it has no exact <see cref="Microsoft.Extensions.AI.ChatFinishReason"/>.
    /// </summary>
    public const string RawFinishReason = AiGatewayPropertyKeys.RawFinishReason;
}
