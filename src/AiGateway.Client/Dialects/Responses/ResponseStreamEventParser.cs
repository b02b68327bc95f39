using System.Text;
using System.Text.Json;

namespace AiGateway.Client.Dialects.Responses;

/// <summary>
/// Parses one SSE event of a Responses stream. The event type comes from the JSON <c>type</c> field (some recordings
/// and proxies drop the <c>event:</c> line), else from the SSE event name. The hot delta events (text, reasoning,
/// tool-call arguments) are read with a <see cref="Utf8JsonReader"/> that only materialises the delta string and the
/// indexes, skipping <c>obfuscation</c>/<c>logprobs</c>; every other known event is deserialized with the
/// source-generated <see cref="ResponsesJsonContext"/>; ignored and unknown events are not parsed further.
/// </summary>
internal static class ResponseStreamEventParser
{
    private static readonly ResponseStreamEvent IgnoredEvent = new() { Kind = ResponseStreamEventKind.Ignored };

    // Hosted tools and audio report progress in their own event families; their results arrive as output items.
    private static readonly string[] IgnoredPrefixes =
    [
        "response.web_search_call.", "response.file_search_call.", "response.image_generation_call.",
        "response.code_interpreter_call", "response.mcp_", "response.custom_tool_call_input.", "response.audio.",
    ];

    public static ResponseStreamEvent? Parse(string sseEventType, ReadOnlySpan<byte> data)
    {
        data = data.Trim(" \t\r\n"u8);
        if (data.IsEmpty || data.SequenceEqual("[DONE]"u8))
        {
            // Not part of the Responses protocol, but OpenAI-compatible proxies sometimes append it.
            return null;
        }

        var (kind, typeName) = ReadType(data);
        if (typeName is null)
        {
            typeName = sseEventType;
            kind = Classify(Encoding.UTF8.GetBytes(sseEventType));
        }

        switch (kind)
        {
            case ResponseStreamEventKind.OutputTextDelta:
            case ResponseStreamEventKind.ReasoningSummaryTextDelta:
            case ResponseStreamEventKind.ReasoningTextDelta:
            case ResponseStreamEventKind.FunctionCallArgumentsDelta:
                return ReadDelta(data, kind);
            case ResponseStreamEventKind.Ignored:
                return IgnoredEvent;
            case ResponseStreamEventKind.Unknown:
                return new ResponseStreamEvent { Kind = kind, Type = typeName };
            default:
                var parsed = JsonSerializer.Deserialize(data, ResponsesJsonContext.Default.ResponseStreamEvent)
                    ?? throw new JsonException("The event data is JSON null.");
                parsed.Kind = kind;
                return parsed;
        }
    }

    /// <summary>Finds the top-level <c>type</c> without reading any other value (it is normally the first property).</summary>
    private static (ResponseStreamEventKind Kind, string? TypeName) ReadType(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The event data is not a JSON object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            reader.Read();
            if (isType && reader.TokenType == JsonTokenType.String)
            {
                if (reader.ValueIsEscaped)
                {
                    var name = reader.GetString()!;
                    return (Classify(Encoding.UTF8.GetBytes(name)), name);
                }

                var kind = Classify(reader.ValueSpan);

                // The name is only needed to log an unknown event; known ones need no string.
                return (kind, kind == ResponseStreamEventKind.Unknown ? Encoding.UTF8.GetString(reader.ValueSpan) : string.Empty);
            }

            reader.Skip();
        }

        return (ResponseStreamEventKind.Unknown, null);
    }

    private static ResponseStreamEvent ReadDelta(ReadOnlySpan<byte> data, ResponseStreamEventKind kind)
    {
        var result = new ResponseStreamEvent { Kind = kind };
        var reader = new Utf8JsonReader(data);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                result.Delta = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("output_index"u8))
            {
                reader.Read();
                result.OutputIndex = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var index) ? index : null;
            }
            else if (reader.ValueTextEquals("summary_index"u8))
            {
                reader.Read();
                result.SummaryIndex = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var index) ? index : null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return result;
    }

    private static ResponseStreamEventKind Classify(ReadOnlySpan<byte> type)
    {
        // Most frequent first: a long answer is almost all text deltas.
        if (type.SequenceEqual("response.output_text.delta"u8))
        {
            return ResponseStreamEventKind.OutputTextDelta;
        }

        if (type.SequenceEqual("response.function_call_arguments.delta"u8))
        {
            return ResponseStreamEventKind.FunctionCallArgumentsDelta;
        }

        if (type.SequenceEqual("response.reasoning_summary_text.delta"u8))
        {
            return ResponseStreamEventKind.ReasoningSummaryTextDelta;
        }

        if (type.SequenceEqual("response.reasoning_text.delta"u8))
        {
            return ResponseStreamEventKind.ReasoningTextDelta;
        }

        if (type.SequenceEqual("response.output_item.added"u8))
        {
            return ResponseStreamEventKind.OutputItemAdded;
        }

        if (type.SequenceEqual("response.output_item.done"u8))
        {
            return ResponseStreamEventKind.OutputItemDone;
        }

        if (type.SequenceEqual("response.function_call_arguments.done"u8))
        {
            return ResponseStreamEventKind.FunctionCallArgumentsDone;
        }

        if (type.SequenceEqual("response.refusal.done"u8))
        {
            return ResponseStreamEventKind.RefusalDone;
        }

        if (type.SequenceEqual("response.created"u8) || type.SequenceEqual("response.in_progress"u8) || type.SequenceEqual("response.queued"u8))
        {
            return ResponseStreamEventKind.ResponseStarted;
        }

        if (type.SequenceEqual("response.completed"u8))
        {
            return ResponseStreamEventKind.Completed;
        }

        if (type.SequenceEqual("response.incomplete"u8))
        {
            return ResponseStreamEventKind.Incomplete;
        }

        if (type.SequenceEqual("response.failed"u8))
        {
            return ResponseStreamEventKind.Failed;
        }

        if (type.SequenceEqual("error"u8))
        {
            return ResponseStreamEventKind.Error;
        }

        if (type.SequenceEqual("response.content_part.added"u8) || type.SequenceEqual("response.content_part.done"u8)
            || type.SequenceEqual("response.output_text.done"u8) || type.SequenceEqual("response.output_text.annotation.added"u8)
            || type.SequenceEqual("response.refusal.delta"u8)
            || type.SequenceEqual("response.reasoning_summary_part.added"u8) || type.SequenceEqual("response.reasoning_summary_part.done"u8)
            || type.SequenceEqual("response.reasoning_summary_text.done"u8) || type.SequenceEqual("response.reasoning_text.done"u8))
        {
            return ResponseStreamEventKind.Ignored;
        }

        foreach (var prefix in IgnoredPrefixes)
        {
            if (StartsWithAscii(type, prefix))
            {
                return ResponseStreamEventKind.Ignored;
            }
        }

        return ResponseStreamEventKind.Unknown;
    }

    private static bool StartsWithAscii(ReadOnlySpan<byte> value, string prefix)
    {
        if (value.Length < prefix.Length)
        {
            return false;
        }

        for (var i = 0; i < prefix.Length; i++)
        {
            if (value[i] != prefix[i])
            {
                return false;
            }
        }

        return true;
    }
}
