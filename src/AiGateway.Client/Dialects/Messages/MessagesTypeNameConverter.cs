using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiGateway.Client.Dialects.Messages;

/// <summary>
/// Reads the <c>type</c> fields of Messages events, blocks and deltas as shared string constants for the names the
/// reader knows, so a stream does not allocate "content_block_delta" and "text_delta" again for every chunk.
/// Unknown names are read as new strings, as the default converter would.
/// </summary>
internal sealed class MessagesTypeNameConverter : JsonConverter<string?>
{
    // Every type name the stream reader switches on (events, content blocks, deltas).
    private static readonly (byte[] Utf8, string Name)[] Known = Build(
        "message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop",
        "ping", "error", "message", "text", "thinking", "redacted_thinking", "tool_use", "server_tool_use", "text_delta",
        "input_json_delta", "thinking_delta", "signature_delta", "citations_delta");

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            foreach (var (utf8, name) in Known)
            {
                if (reader.ValueSpan.SequenceEqual(utf8))
                {
                    return name;
                }
            }
        }

        return reader.GetString();
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    private static (byte[], string)[] Build(params string[] names) =>
        names.Select(n => (System.Text.Encoding.UTF8.GetBytes(n), n)).ToArray();
}
