using System.Text.Json;
using AiGateway.Client.Dialects.Json;

namespace AiGateway.Client.Dialects.Messages;

/// <summary>
/// A hot stream event read with one <see cref="Utf8JsonReader"/> pass instead of a <see cref="JsonSerializer"/> call:
/// <c>ping</c>, a bare <c>content_block_stop</c> or <c>message_stop</c> or the start of a plain text block (every
/// stream has them, and a short stream pays for each full parse), or a <c>content_block_delta</c> whose delta is text, thinking, a signature or a
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
    // The event's data and where the chosen value starts in it (-1: none): a position instead of a copy of the reader
    // per candidate value, re-read only when the value is asked for.
    private ReadOnlySpan<byte> _data;
    private int _valueStart;

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

    /// <summary>
    /// Gets a value indicating whether the event is a <c>content_block_start</c> of a plain <c>text</c> block (its
    /// <c>content_block</c> holds only <c>type</c> and a string <c>text</c>, read by <see cref="ReadValue"/>).
    /// </summary>
    public bool IsTextBlockStart { get; private set; }

    /// <summary>Gets the content block index (<c>null</c> or absent reads as 0, as in the full path).</summary>
    public int Index { get; private set; }

    /// <summary>Gets the kind of the delta.</summary>
    public DeltaKind Kind { get; private set; }

    /// <summary>Reads <paramref name="data"/> if it is a hot event in the shape described on the type.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out MessagesHotEvent hot)
    {
        hot = default;
        hot._data = data;
        hot._valueStart = -1;
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

            if (reader.ValueTextEquals("content_block_start"u8))
            {
                if (!ReadTextBlockStart(ref reader, out var blockIndex, out var textStart))
                {
                    return false;
                }

                hot.IsTextBlockStart = true;
                hot.Index = blockIndex;
                hot._valueStart = textStart;
                return true;
            }

            if (!reader.ValueTextEquals("content_block_delta"u8))
            {
                return false;
            }

            var index = 0;
            var sawDelta = false;
            var kind = DeltaKind.None;
            int text = -1, thinking = -1, signature = -1, partialJson = -1;
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
                            text = (int)reader.TokenStartIndex;
                        }
                        else if (reader.ValueTextEquals("partial_json"u8))
                        {
                            reader.Read();
                            partialJson = (int)reader.TokenStartIndex;
                        }
                        else if (reader.ValueTextEquals("thinking"u8))
                        {
                            reader.Read();
                            thinking = (int)reader.TokenStartIndex;
                        }
                        else if (reader.ValueTextEquals("signature"u8))
                        {
                            reader.Read();
                            signature = (int)reader.TokenStartIndex;
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
            hot._valueStart = kind switch
            {
                DeltaKind.Text => text,
                DeltaKind.Thinking => thinking,
                DeltaKind.Signature => signature,
                _ => partialJson,
            };

            return true;
        }
        catch (JsonException)
        {
            // Invalid JSON: the full path reads it again and reports it in its own words.
            return false;
        }
    }

    /// <summary>
    /// Reads the rest of a <c>content_block_start</c> (the reader on its type) if it starts a plain text block: only
    /// <c>index</c> and a <c>content_block</c> of <c>type</c> <c>text</c> and a string <c>text</c>.
    /// </summary>
    private static bool ReadTextBlockStart(ref Utf8JsonReader reader, out int blockIndex, out int textStart)
    {
        blockIndex = 0;
        textStart = -1;
        var sawBlock = false;
        while (JsonValueReader.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("index"u8))
            {
                if (!TryReadIndex(ref reader, out blockIndex))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("content_block"u8) && !sawBlock)
            {
                sawBlock = true;
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return false;
                }

                var isText = false;
                var text = -1;
                while (JsonValueReader.NextProperty(ref reader))
                {
                    var isType = reader.ValueTextEquals("type"u8);
                    if (!isType && !reader.ValueTextEquals("text"u8))
                    {
                        return false;
                    }

                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return false;
                    }

                    if (!isType)
                    {
                        text = (int)reader.TokenStartIndex;
                    }
                    else if (reader.ValueTextEquals("text"u8))
                    {
                        isText = true;
                    }
                    else
                    {
                        return false;
                    }
                }

                if (!isText || text < 0)
                {
                    return false;
                }

                textStart = text;
            }
            else
            {
                return false;
            }
        }

        return sawBlock && !reader.Read();
    }

    /// <summary>A reader on the chosen value (a string or <c>null</c> token).</summary>
    private readonly Utf8JsonReader Value()
    {
        var reader = new Utf8JsonReader(_data[_valueStart..]);
        reader.Read();
        return reader;
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
    public readonly string? ReadValue()
    {
        if (_valueStart < 0)
        {
            return null;
        }

        var value = Value();
        return value.GetString();
    }

    /// <summary>Appends the delta's value to the tool call at <see cref="Index"/>, opening it when needed.</summary>
    public void AppendValueTo(ToolCallAccumulator toolCalls)
    {
        var value = _valueStart < 0 ? default : Value();
        if (_valueStart >= 0 && value.TokenType == JsonTokenType.String)
        {
            toolCalls.AppendJsonString(Index, ref value);
        }
        else
        {
            toolCalls.Append(Index, null);
        }
    }
}
