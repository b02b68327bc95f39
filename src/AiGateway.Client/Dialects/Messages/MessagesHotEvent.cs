using System.Text.Json;
using AiGateway.Client.Dialects.Json;

namespace AiGateway.Client.Dialects.Messages;

/// <summary>
/// A hot stream event read with one <see cref="Utf8JsonReader"/> pass instead of a <see cref="JsonSerializer"/> call:
/// <c>ping</c>, a bare <c>content_block_stop</c> or <c>message_stop</c> (every stream has them, and a short stream
/// pays for each full parse), or a <c>content_block_delta</c> whose delta is text, thinking, a signature or a
/// tool-input fragment.
/// <see cref="TryRead"/> accepts only events it understands completely: <c>type</c> first, no other top-level properties
/// than <c>index</c> and <c>delta</c>, no other delta properties than its <c>type</c> and the four values, every value of
/// the type the wire types declare. Anything else (a rare event, a gateway extra, a wrong type, invalid JSON) returns
/// <see langword="false"/> and is read by the source-generated serializer as before, so errors and their messages are
/// unchanged. The delta's value is materialised only when asked for (<see cref="ReadValue"/>,
/// <see cref="AppendValueTo"/>), after the whole event was checked.
/// </summary>
internal ref struct MessagesHotEvent
{
    private Utf8JsonReader _value;
    private bool _hasValue;

    /// <summary>The kinds of delta read here.</summary>
    public enum DeltaKind
    {
        /// <summary>No delta (a ping).</summary>
        None,

        /// <summary><c>text_delta</c>: <c>text</c>.</summary>
        Text,

        /// <summary><c>thinking_delta</c>: <c>thinking</c>.</summary>
        Thinking,

        /// <summary><c>signature_delta</c>: <c>signature</c>.</summary>
        Signature,

        /// <summary><c>input_json_delta</c>: <c>partial_json</c>.</summary>
        InputJson,
    }

    /// <summary>Gets a value indicating whether the event is a <c>ping</c>.</summary>
    public bool IsPing { get; private set; }

    /// <summary>Gets a value indicating whether the event is a bare <c>content_block_stop</c> (<c>type</c> and <c>index</c> only).</summary>
    public bool IsBlockStop { get; private set; }

    /// <summary>Gets a value indicating whether the event is a bare <c>message_stop</c> (<c>type</c> only).</summary>
    public bool IsMessageStop { get; private set; }

    /// <summary>Gets the content block index (<c>null</c> or absent reads as 0, as in the full path).</summary>
    public int Index { get; private set; }

    /// <summary>Gets the kind of the delta.</summary>
    public DeltaKind Kind { get; private set; }

    /// <summary>Reads <paramref name="data"/> if it is a hot event in the shape described on the type.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out MessagesHotEvent hot)
    {
        hot = default;
        var reader = new Utf8JsonReader(data);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
                || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("type"u8)
                || !reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                return false;
            }

            if (reader.ValueTextEquals("ping"u8))
            {
                hot.IsPing = true;
                return reader.Read() && reader.TokenType == JsonTokenType.EndObject && !reader.Read();
            }

            if (reader.ValueTextEquals("message_stop"u8))
            {
                hot.IsMessageStop = true;
                return reader.Read() && reader.TokenType == JsonTokenType.EndObject && !reader.Read();
            }

            if (reader.ValueTextEquals("content_block_stop"u8))
            {
                hot.IsBlockStop = true;
                while (JsonValueReader.NextProperty(ref reader))
                {
                    if (!reader.ValueTextEquals("index"u8) || !TryReadIndex(ref reader, out var stopIndex))
                    {
                        return false;
                    }

                    hot.Index = stopIndex;
                }

                return !reader.Read();
            }

            if (!reader.ValueTextEquals("content_block_delta"u8))
            {
                return false;
            }

            var index = 0;
            var sawDelta = false;
            var kind = DeltaKind.None;
            Utf8JsonReader text = default, thinking = default, signature = default, partialJson = default;
            bool hasText = false, hasThinking = false, hasSignature = false, hasPartialJson = false;
            while (JsonValueReader.NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("index"u8))
                {
                    if (!TryReadIndex(ref reader, out index))
                    {
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("delta"u8) && !sawDelta)
                {
                    sawDelta = true;
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        return false;
                    }

                    while (JsonValueReader.NextProperty(ref reader))
                    {
                        if (reader.ValueTextEquals("type"u8))
                        {
                            reader.Read();
                            kind = reader.TokenType != JsonTokenType.String ? DeltaKind.None
                                : reader.ValueTextEquals("text_delta"u8) ? DeltaKind.Text
                                : reader.ValueTextEquals("input_json_delta"u8) ? DeltaKind.InputJson
                                : reader.ValueTextEquals("thinking_delta"u8) ? DeltaKind.Thinking
                                : reader.ValueTextEquals("signature_delta"u8) ? DeltaKind.Signature
                                : DeltaKind.None;
                            if (kind == DeltaKind.None)
                            {
                                return false;
                            }
                        }
                        else if (reader.ValueTextEquals("text"u8))
                        {
                            reader.Read();
                            text = reader;
                            hasText = true;
                        }
                        else if (reader.ValueTextEquals("partial_json"u8))
                        {
                            reader.Read();
                            partialJson = reader;
                            hasPartialJson = true;
                        }
                        else if (reader.ValueTextEquals("thinking"u8))
                        {
                            reader.Read();
                            thinking = reader;
                            hasThinking = true;
                        }
                        else if (reader.ValueTextEquals("signature"u8))
                        {
                            reader.Read();
                            signature = reader;
                            hasSignature = true;
                        }
                        else
                        {
                            return false;
                        }

                        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
                        {
                            return false;
                        }
                    }
                }
                else
                {
                    return false;
                }
            }

            if (kind == DeltaKind.None || reader.Read())
            {
                return false;
            }

            hot.Index = index;
            hot.Kind = kind;
            switch (kind)
            {
                case DeltaKind.Text:
                    hot._hasValue = hasText;
                    hot._value = text;
                    break;
                case DeltaKind.Thinking:
                    hot._hasValue = hasThinking;
                    hot._value = thinking;
                    break;
                case DeltaKind.Signature:
                    hot._hasValue = hasSignature;
                    hot._value = signature;
                    break;
                default:
                    hot._hasValue = hasPartialJson;
                    hot._value = partialJson;
                    break;
            }

            return true;
        }
        catch (JsonException)
        {
            // Invalid JSON: the full path reads it again and reports it in its own words.
            return false;
        }
    }

    /// <summary>Reads the value of <c>index</c> (the reader on its name): a 32-bit number, or <c>null</c> read as 0.</summary>
    private static bool TryReadIndex(ref Utf8JsonReader reader, out int index)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            index = 0;
            return true;
        }

        index = 0;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out index);
    }

    /// <summary>The delta's value (<see langword="null"/> when absent or JSON <c>null</c>).</summary>
    public readonly string? ReadValue() => _hasValue ? _value.GetString() : null;

    /// <summary>Appends the delta's value to the tool call at <see cref="Index"/>, opening it when needed.</summary>
    public void AppendValueTo(ToolCallAccumulator toolCalls)
    {
        if (_hasValue && _value.TokenType == JsonTokenType.String)
        {
            toolCalls.AppendJsonString(Index, ref _value);
        }
        else
        {
            toolCalls.Append(Index, null);
        }
    }
}
