namespace AiGateway.Client.Dialects.Messages;

/// <summary>
/// The delta of a <c>content_block_delta</c> (<c>text_delta</c>, <c>input_json_delta</c>, <c>thinking_delta</c>,
/// <c>signature_delta</c>, <c>citations_delta</c>) or of a <c>message_delta</c> (<c>stop_reason</c>, <c>stop_sequence</c>).
/// </summary>
internal sealed class MessagesDelta
{
    [System.Text.Json.Serialization.JsonConverter(typeof(MessagesTypeNameConverter))]
    public string? Type { get; set; }

    public string? Text { get; set; }

    public string? PartialJson { get; set; }

    public string? Thinking { get; set; }

    public string? Signature { get; set; }

    public MessagesCitation? Citation { get; set; }

    public string? StopReason { get; set; }

    public string? StopSequence { get; set; }
}
