using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AiGateway.Client.Dialects.Json;
using Microsoft.Extensions.AI;

namespace AiGateway.Client.Diagnostics;

/// <summary>
/// Writes chat messages in the JSON shape of the GenAI conventions' opt-in content attributes
/// (<c>gen_ai.input.messages</c>, <c>gen_ai.output.messages</c>, <c>gen_ai.system_instructions</c>;
/// https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/#recording-content-on-attributes):
/// <c>[{"role":"user","parts":[{"type":"text","content":"…"}]}]</c>. Used only when the app turned on
/// <see cref="AiGatewayOptions.EnableSensitiveTelemetryData"/>. No reflection: values are written by hand, binary
/// data is described (media type, size), never inlined.
/// </summary>
internal static class GenAiMessageFormatter
{
    public static string Format(IEnumerable<ChatMessage> messages, ChatFinishReason? finishReason)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var message in messages)
            {
                writer.WriteStartObject();
                writer.WriteString("role", message.Role.Value);
                writer.WriteStartArray("parts");
                foreach (var content in message.Contents)
                {
                    WritePart(writer, content);
                }

                writer.WriteEndArray();
                if (finishReason is { } reason)
                {
                    writer.WriteString("finish_reason", reason.Value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string FormatInstructions(string instructions)
    {
        var buffer = new ArrayBufferWriter<byte>(instructions.Length + 32);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStartObject();
            writer.WriteString("type", "text");
            writer.WriteString("content", instructions);
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WritePart(Utf8JsonWriter writer, AIContent content)
    {
        writer.WriteStartObject();
        switch (content)
        {
            case TextContent text:
                writer.WriteString("type", "text");
                writer.WriteString("content", text.Text);
                break;
            case TextReasoningContent reasoning:
                writer.WriteString("type", "reasoning");
                writer.WriteString("content", reasoning.Text);
                break;
            case FunctionCallContent call:
                writer.WriteString("type", "tool_call");
                writer.WriteString("id", call.CallId);
                writer.WriteString("name", call.Name);
                writer.WritePropertyName("arguments");
                WriteArguments(writer, call.Arguments);
                break;
            case FunctionResultContent result:
                writer.WriteString("type", "tool_call_response");
                writer.WriteString("id", result.CallId);
                writer.WritePropertyName("response");
                WriteValue(writer, result.Result);
                break;
            case DataContent data:
                writer.WriteString("type", "blob");
                writer.WriteString("mime_type", data.MediaType);
                writer.WriteNumber("size", data.Data.Length);
                break;
            case UriContent uri:
                writer.WriteString("type", "uri");
                writer.WriteString("mime_type", uri.MediaType);
                writer.WriteString("uri", uri.Uri.ToString());
                break;
            default:
                writer.WriteString("type", content.GetType().Name);
                break;
        }

        writer.WriteEndObject();
    }

    private static void WriteArguments(Utf8JsonWriter writer, IDictionary<string, object?>? arguments)
    {
        if (arguments is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        foreach (var (name, value) in arguments)
        {
            writer.WritePropertyName(name);
            WriteValue(writer, value);
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        if (!JsonScalarWriter.TryWrite(writer, value))
        {
            writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
        }
    }
}
