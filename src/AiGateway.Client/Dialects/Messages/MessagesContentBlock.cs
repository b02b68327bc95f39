using System.Text.Json;

namespace AiGateway.Client.Dialects.Messages;

/// <summary>
/// One content block of an answer: <c>text</c>, <c>thinking</c>, <c>redacted_thinking</c>, <c>tool_use</c>, and the
/// server-tool blocks (<c>server_tool_use</c>, <c>*_tool_result</c>) whose payloads are kept as raw JSON.
/// </summary>
internal sealed class MessagesContentBlock
{
    [System.Text.Json.Serialization.JsonConverter(typeof(MessagesTypeNameConverter))]
    public string? Type { get; set; }

    public string? Text { get; set; }

    public string? Thinking { get; set; }

    public string? Signature { get; set; }

    /// <summary>Gets or sets the encrypted payload of a <c>redacted_thinking</c> block.</summary>
    public string? Data { get; set; }

    public string? Id { get; set; }

    public string? Name { get; set; }

    /// <summary>Gets or sets the arguments of a <c>tool_use</c>/<c>server_tool_use</c> block (a JSON object).</summary>
    public JsonElement Input { get; set; }

    /// <summary>Gets or sets the call a <c>*_tool_result</c> block answers.</summary>
    public string? ToolUseId { get; set; }

    /// <summary>Gets or sets the payload of a <c>*_tool_result</c> block (its shape differs per server tool).</summary>
    public JsonElement Content { get; set; }

    public List<MessagesCitation>? Citations { get; set; }
}
