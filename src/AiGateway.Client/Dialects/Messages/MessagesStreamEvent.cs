using AiGateway.Client.Dialects.Json;

namespace AiGateway.Client.Dialects.Messages;

/// <summary>
/// One server-sent event of a streamed answer. Every event carries its kind in <c>type</c> (which the reader relies on:
/// some recordings and proxies drop the SSE <c>event:</c> line). https://docs.claude.com/en/docs/build-with-claude/streaming
/// </summary>
internal sealed class MessagesStreamEvent
{
    [System.Text.Json.Serialization.JsonConverter(typeof(MessagesTypeNameConverter))]
    public string? Type { get; set; }

    public int? Index { get; set; }

    /// <summary>Gets or sets the message of <c>message_start</c>.</summary>
    public MessagesResponse? Message { get; set; }

    /// <summary>Gets or sets the block of <c>content_block_start</c>.</summary>
    public MessagesContentBlock? ContentBlock { get; set; }

    /// <summary>Gets or sets the delta of <c>content_block_delta</c> and <c>message_delta</c>.</summary>
    public MessagesDelta? Delta { get; set; }

    /// <summary>Gets or sets the cumulative usage of <c>message_delta</c>.</summary>
    public MessagesUsage? Usage { get; set; }

    /// <summary>Gets or sets <c>provider_metadata</c> (Vercel: <c>gateway.cost</c>, a decimal string).</summary>
    public GatewayProviderMetadata? ProviderMetadata { get; set; }

    /// <summary>Gets or sets the error of an <c>error</c> event.</summary>
    public MessagesError? Error { get; set; }
}
