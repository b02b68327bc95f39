using System.Text.Json;
using AiGateway.Client.Dialects.Json;

namespace AiGateway.Client.Dialects.Responses;

/// <summary>
/// A hot stream event (<c>response.output_text.delta</c>, <c>response.function_call_arguments.delta</c>,
/// <c>response.reasoning_summary_text.delta</c>, <c>response.reasoning_text.delta</c>) read in one
/// <see cref="Utf8JsonReader"/> pass with no event object, its delta kept as a position in the data until the reader
/// asks for it (<see cref="ReadDelta"/>, <see cref="AppendDeltaTo"/>: tool-call fragments go into the accumulator
/// without becoming strings). It reads what <see cref="ResponseStreamEventParser"/>'s delta path reads, with the same
/// leniency; an event whose first string <c>type</c> is not one of those, whose indexes are not scalars, or that
/// is not valid JSON returns <see langword="false"/> and goes through <see cref="ResponseStreamEventParser"/> as before,
/// so errors and their messages are unchanged.
/// </summary>
internal ref struct ResponsesHotEvent
{
    // The event's data and where a string delta starts in it (-1: none): a position, not a copy of the reader,
    // re-read only when the delta is asked for.
    private ReadOnlySpan<byte> _data;
    private int _deltaStart;

    /// <summary>Gets the event's kind: one of the four delta kinds.</summary>
    public ResponseStreamEventKind Kind { get; private set; }

    /// <summary>Gets <c>output_index</c>.</summary>
    public int? OutputIndex { get; private set; }

    /// <summary>Gets <c>summary_index</c>.</summary>
    public int? SummaryIndex { get; private set; }

    /// <summary>Reads <paramref name="data"/> if it is a hot event in the shape described on the type.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out ResponsesHotEvent hot)
    {
        hot = default;
        hot._data = data;
        hot._deltaStart = -1;
        var reader = new Utf8JsonReader(data);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            // OpenAI writes type first; a proxy that re-serialises may not, so the other fields are kept until it comes.
            var kind = ResponseStreamEventKind.Unknown;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (kind == ResponseStreamEventKind.Unknown && reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return false;
                    }

                    kind = reader.ValueTextEquals("response.output_text.delta"u8) ? ResponseStreamEventKind.OutputTextDelta
                        : reader.ValueTextEquals("response.function_call_arguments.delta"u8) ? ResponseStreamEventKind.FunctionCallArgumentsDelta
                        : reader.ValueTextEquals("response.reasoning_summary_text.delta"u8) ? ResponseStreamEventKind.ReasoningSummaryTextDelta
                        : reader.ValueTextEquals("response.reasoning_text.delta"u8) ? ResponseStreamEventKind.ReasoningTextDelta
                        : ResponseStreamEventKind.Unknown;
                    if (kind == ResponseStreamEventKind.Unknown)
                    {
                        // Not a hot event: stop here and let the full path read it.
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("delta"u8))
                {
                    reader.Read();
                    hot._deltaStart = reader.TokenType == JsonTokenType.String ? (int)reader.TokenStartIndex : -1;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("output_index"u8))
                {
                    reader.Read();
                    if (!TryReadIndex(ref reader, out var index))
                    {
                        return false;
                    }

                    hot.OutputIndex = index;
                }
                else if (reader.ValueTextEquals("summary_index"u8))
                {
                    reader.Read();
                    if (!TryReadIndex(ref reader, out var index))
                    {
                        return false;
                    }

                    hot.SummaryIndex = index;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            hot.Kind = kind;
            if (kind == ResponseStreamEventKind.Unknown)
            {
                return false;
            }

            return true;
        }
        catch (JsonException)
        {
            // Invalid JSON: the full path reads it again and reports it in its own words.
            return false;
        }
    }

    /// <summary>The delta text (<see langword="null"/> when absent or not a string).</summary>
    public readonly string? ReadDelta()
    {
        if (_deltaStart < 0)
        {
            return null;
        }

        var delta = Delta();
        return delta.GetString();
    }

    /// <summary>Appends the delta to the tool call at <see cref="OutputIndex"/> (0 when absent), opening it when needed.</summary>
    public void AppendDeltaTo(ToolCallAccumulator toolCalls)
    {
        if (_deltaStart >= 0)
        {
            var delta = Delta();
            toolCalls.AppendJsonString(OutputIndex ?? 0, ref delta);
        }
        else
        {
            toolCalls.Append(OutputIndex ?? 0, null);
        }
    }

    /// <summary>A reader on the delta string.</summary>
    private readonly Utf8JsonReader Delta()
    {
        var reader = new Utf8JsonReader(_data[_deltaStart..]);
        reader.Read();
        return reader;
    }

    /// <summary>An index as the delta parser reads it: a 32-bit number, else <see langword="null"/>; other values are not hot.</summary>
    private static bool TryReadIndex(ref Utf8JsonReader reader, out int? index)
    {
        index = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                index = reader.TryGetInt32(out var value) ? value : null;
                return true;
            case JsonTokenType.Null or JsonTokenType.String or JsonTokenType.True or JsonTokenType.False:
                return true;
            default:
                return false;
        }
    }
}
