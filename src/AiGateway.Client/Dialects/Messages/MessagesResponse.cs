using AiGateway.Client.Dialects.Json;

namespace AiGateway.Client.Dialects.Messages;

/// <summary>
/// A Messages API <c>message</c> object: the whole body of a non-streaming answer, and the <c>message</c> of a
/// <c>message_start</c> event. Unknown fields are ignored. https://docs.claude.com/en/api/messages
/// </summary>
internal sealed class MessagesResponse
{
    public string? Id { get; set; }

    /// <summary>Gets or sets <c>message</c>, or <c>error</c> when a gateway answered 200 with an error body.</summary>
    public string? Type { get; set; }

    public string? Role { get; set; }

    public string? Model { get; set; }

    public List<MessagesContentBlock>? Content { get; set; }

    public string? StopReason { get; set; }

    public string? StopSequence { get; set; }

    public MessagesUsage? Usage { get; set; }

    /// <summary>Gets or sets <c>provider_metadata</c> (Vercel: <c>gateway.cost</c>, a decimal string).</summary>
    public GatewayProviderMetadata? ProviderMetadata { get; set; }

    /// <summary>Gets or sets the error of an <c>{"type":"error","error":{…}}</c> body.</summary>
    public MessagesError? Error { get; set; }
}
