using System.Text.Json;

namespace AiGateway.Client.Dialects.ChatCompletions;

/// <summary>
/// Reads the common shape of a streamed <c>delta</c> (text, reasoning text, refusal text, role) straight into strings,
/// without the <see cref="ChatCompletionMessage"/> the whole-response reader builds: the per-chunk hot path of a
/// stream. Any other field that carries meaning (tool calls, reasoning details, content parts, images, gateway cost)
/// makes it stop and say so, and the caller reads the same delta again with <see cref="ChatCompletionsJsonReader"/>.
/// </summary>
internal static class ChatCompletionsDeltaReader
{
    /// <summary>Reads the delta object the reader is on (its <c>{</c>) to its <c>}</c>.</summary>
    /// <returns><see langword="false"/> when the delta has a field only the full reader maps; the reader is then mid-object.</returns>
    public static bool TryRead(ref Utf8JsonReader reader, out string? text, out string? reasoning, out string? refusal)
    {
        text = null;
        reasoning = null;
        refusal = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        text = reader.GetString();
                        break;
                    case JsonTokenType.StartArray:
                        return false;
                    default:
                        reader.Skip();
                        break;
                }
            }
            else if (reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8))
            {
                // The first non-empty one wins, as in ChatCompletionsJsonReader.
                reader.Read();
                var value = ReadString(ref reader);
                if (string.IsNullOrEmpty(reasoning))
                {
                    reasoning = value;
                }
            }
            else if (reader.ValueTextEquals("refusal"u8))
            {
                reader.Read();
                refusal = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("tool_calls"u8) || reader.ValueTextEquals("reasoning_details"u8)
                || reader.ValueTextEquals("images"u8) || reader.ValueTextEquals("provider_metadata"u8) || reader.ValueTextEquals("function_call"u8))
            {
                return false;
            }
            else
            {
                // role (always the assistant's in a stream) and fields nobody maps.
                reader.Read();
                reader.Skip();
            }
        }

        return true;
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }
}
