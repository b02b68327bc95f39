using System.Text.Json;
using AiGateway.Client.Dialects.Json;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Dialects.ChatCompletions;

/// <summary>Maps <c>finish_reason</c> to <see cref="ChatFinishReason"/>.</summary>
internal static class ChatCompletionsFinishReasons
{
    /// <summary>
    /// Reads a <c>finish_reason</c> value (the reader on it) as <see cref="JsonValueReader.ReadStringOrSkip"/> does,
    /// returning the reasons OpenAI sends as shared strings instead of a new one per response.
    /// </summary>
    public static string? Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            if (reader.ValueTextEquals("stop"u8))
            {
                return "stop";
            }

            if (reader.ValueTextEquals("tool_calls"u8))
            {
                return "tool_calls";
            }

            if (reader.ValueTextEquals("length"u8))
            {
                return "length";
            }
        }

        return JsonValueReader.ReadStringOrSkip(ref reader);
    }

    /// <summary>
    /// Maps a wire finish reason; <c>Exact</c> is false when the raw reason should be kept beside it under
    /// <see cref="DialectPropertyKeys.RawFinishReason"/> (for example <c>function_call</c>, or a backend's <c>end_turn</c> leaking through).
    /// A blank reason (<c>""</c>, <c>" "</c>) says nothing, so it maps to no reason at all, as if the field were absent.
    /// </summary>
    public static (ChatFinishReason? Reason, bool Exact) Map(string finishReason) => finishReason switch
    {
        // https://platform.openai.com/docs/api-reference/chat/object (choices[].finish_reason)
        "stop" => (ChatFinishReason.Stop, true),
        "length" => (ChatFinishReason.Length, true),
        "tool_calls" => (ChatFinishReason.ToolCalls, true),
        "content_filter" => (ChatFinishReason.ContentFilter, true),
        "function_call" => (ChatFinishReason.ToolCalls, false),

        // OpenAI-compatible backends sometimes pass their native reasons through.
        "end_turn" or "stop_sequence" or "eos" => (ChatFinishReason.Stop, false),
        "max_tokens" or "model_length" => (ChatFinishReason.Length, false),
        "tool_use" => (ChatFinishReason.ToolCalls, false),
        "safety" or "refusal" => (ChatFinishReason.ContentFilter, false),
        _ => (FinishReasonText.ToFinishReason(finishReason), false),
    };
}
