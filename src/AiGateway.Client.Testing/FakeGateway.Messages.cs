using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace AiGateway.Client.Testing;

// The Anthropic Messages rendering of FakeReply: a message object, or the event stream
// message_start → content blocks (thinking with a signature, text, tool_use with input_json_delta
// fragments) → message_delta → message_stop, or Anthropic's error envelope. Shapes follow
// https://docs.claude.com/en/api/messages and https://docs.claude.com/en/docs/build-with-claude/streaming.
public sealed partial class FakeGateway
{
    private static HttpResponseMessage RenderMessages(FakeRequest request, FakeReply reply, int id)
    {
        if (reply.StatusCode != HttpStatusCode.OK)
        {
            return Json(reply.StatusCode, reply.ErrorBody ?? MessagesError(reply.StatusCode, id));
        }

        var message = new MessagesFakeMessage(request, reply, id);
        return request.IsStreaming ? EventStream(message.RenderStream()) : Json(HttpStatusCode.OK, message.RenderBody());
    }

    /// <summary>Anthropic's error envelope, with the error type Anthropic uses for the status (https://docs.claude.com/en/api/errors).</summary>
    private static string MessagesError(HttpStatusCode status, int id)
    {
        var (type, message) = (int)status switch
        {
            400 => ("invalid_request_error", "FakeGateway: the request was rejected."),
            401 => ("authentication_error", "FakeGateway: invalid x-api-key."),
            402 => ("billing_error", "FakeGateway: billing limit reached."),
            403 => ("permission_error", "FakeGateway: this key may not use this model."),
            404 => ("not_found_error", "FakeGateway: not found."),
            413 => ("request_too_large", "FakeGateway: request exceeds the maximum size."),
            429 => ("rate_limit_error", "FakeGateway: rate limit exceeded."),
            504 => ("timeout_error", "FakeGateway: the request timed out."),
            529 => ("overloaded_error", "Overloaded"),
            _ => ("api_error", "FakeGateway: internal error."),
        };
        return Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", "error");
            writer.WriteStartObject("error");
            writer.WriteString("type", type);
            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteString("request_id", $"req_fake_{id}");
            writer.WriteEndObject();
        });
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>One fake answer, rendered whole or as events.</summary>
    private sealed class MessagesFakeMessage
    {
        private readonly FakeReply _reply;
        private readonly string _id;
        private readonly string _model;
        private readonly int _inputTokens;
        private readonly int _outputTokens;
        private readonly string _stopReason;
        private readonly string _signature;
        private readonly int _sequence;

        public MessagesFakeMessage(FakeRequest request, FakeReply reply, int id)
        {
            _reply = reply;
            _sequence = id;
            _id = string.Create(CultureInfo.InvariantCulture, $"msg_fake_{id}");
            _model = request.Model ?? "claude-fake";
            _inputTokens = reply.InputTokens ?? EstimateTokens(request.Body);
            _outputTokens = reply.OutputTokens
                ?? EstimateTokens(reply.Text) + EstimateTokens(reply.Reasoning) + reply.ToolCalls.Sum(c => EstimateTokens(c.ArgumentsJson));
            _stopReason = reply.FinishReason ?? (reply.ToolCalls.Count > 0 ? "tool_use" : "end_turn");
            _signature = Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"fake-signature-{id}")));
        }

        public string RenderBody() => Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("id", _id);
            writer.WriteString("type", "message");
            writer.WriteString("role", "assistant");
            writer.WriteString("model", _model);
            writer.WriteStartArray("content");
            if (!string.IsNullOrEmpty(_reply.Reasoning))
            {
                writer.WriteStartObject();
                writer.WriteString("type", "thinking");
                writer.WriteString("thinking", _reply.Reasoning);
                writer.WriteString("signature", _signature);
                writer.WriteEndObject();
            }

            foreach (var hosted in _reply.HostedToolCalls)
            {
                writer.WriteStartObject();
                WriteServerToolUse(writer, hosted, withInput: true);
                writer.WriteEndObject();
                writer.WriteStartObject();
                WriteServerToolResult(writer, hosted);
                writer.WriteEndObject();
            }

            if (!string.IsNullOrEmpty(_reply.Text))
            {
                writer.WriteStartObject();
                writer.WriteString("type", "text");
                writer.WriteString("text", _reply.Text);
                if (_reply.Citations.Count > 0)
                {
                    writer.WriteStartArray("citations");
                    foreach (var citation in _reply.Citations)
                    {
                        WriteCitation(writer, citation);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            for (var i = 0; i < _reply.ToolCalls.Count; i++)
            {
                var call = _reply.ToolCalls[i];
                writer.WriteStartObject();
                writer.WriteString("type", "tool_use");
                writer.WriteString("id", CallId(call, i));
                writer.WriteString("name", call.Name);
                writer.WritePropertyName("input");
                writer.WriteRawValue(string.IsNullOrWhiteSpace(call.ArgumentsJson) ? "{}" : call.ArgumentsJson);
                WriteDirectCaller(writer);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("stop_reason", _stopReason);
            writer.WriteNull("stop_sequence");
            WriteUsage(writer, _outputTokens);
            WriteGatewayCost(writer, _reply.Cost);
            writer.WriteEndObject();
        });

        public string RenderStream()
        {
            var sse = new StringBuilder();
            Event(sse, "message_start", writer =>
            {
                writer.WriteStartObject("message");
                writer.WriteString("id", _id);
                writer.WriteString("type", "message");
                writer.WriteString("role", "assistant");
                writer.WriteString("model", _model);
                writer.WriteStartArray("content");
                writer.WriteEndArray();
                writer.WriteNull("stop_reason");
                writer.WriteNull("stop_sequence");
                WriteUsage(writer, 1);
                writer.WriteEndObject();
            });
            Event(sse, "ping", null);

            var index = 0;
            if (!string.IsNullOrEmpty(_reply.Reasoning))
            {
                BlockStart(sse, index, writer =>
                {
                    writer.WriteString("type", "thinking");
                    writer.WriteString("thinking", string.Empty);
                    writer.WriteString("signature", string.Empty);
                });
                foreach (var piece in Split(_reply.Reasoning, _reply.StreamChunks))
                {
                    Delta(sse, index, "thinking_delta", "thinking", piece);
                }

                Delta(sse, index, "signature_delta", "signature", _signature);
                BlockStop(sse, index++);
            }

            foreach (var hosted in _reply.HostedToolCalls)
            {
                // The call's input comes as input_json_delta fragments; the result block comes whole in its start event.
                BlockStart(sse, index, writer => WriteServerToolUse(writer, hosted, withInput: false));
                Delta(sse, index, "input_json_delta", "partial_json", ServerToolInput(hosted));
                BlockStop(sse, index++);
                BlockStart(sse, index, writer => WriteServerToolResult(writer, hosted));
                BlockStop(sse, index++);
            }

            if (!string.IsNullOrEmpty(_reply.Text))
            {
                BlockStart(sse, index, writer =>
                {
                    writer.WriteString("type", "text");
                    writer.WriteString("text", string.Empty);
                });
                foreach (var piece in Split(_reply.Text, _reply.StreamChunks))
                {
                    Delta(sse, index, "text_delta", "text", piece);
                }

                foreach (var citation in _reply.Citations)
                {
                    Event(sse, "content_block_delta", writer =>
                    {
                        writer.WriteNumber("index", index);
                        writer.WriteStartObject("delta");
                        writer.WriteString("type", "citations_delta");
                        writer.WritePropertyName("citation");
                        WriteCitation(writer, citation);
                        writer.WriteEndObject();
                    });
                }

                BlockStop(sse, index++);
            }

            for (var i = 0; i < _reply.ToolCalls.Count; i++)
            {
                var call = _reply.ToolCalls[i];
                BlockStart(sse, index, writer =>
                {
                    writer.WriteString("type", "tool_use");
                    writer.WriteString("id", CallId(call, i));
                    writer.WriteString("name", call.Name);
                    writer.WriteStartObject("input");
                    writer.WriteEndObject();
                    WriteDirectCaller(writer);
                });

                // Anthropic opens with an empty fragment, then sends the arguments in pieces.
                Delta(sse, index, "input_json_delta", "partial_json", string.Empty);
                foreach (var piece in Split(call.ArgumentsJson, 3))
                {
                    Delta(sse, index, "input_json_delta", "partial_json", piece);
                }

                BlockStop(sse, index++);
            }

            if (_reply.TruncateStream)
            {
                return sse.ToString();
            }

            Event(sse, "message_delta", writer =>
            {
                writer.WriteStartObject("delta");
                writer.WriteString("stop_reason", _stopReason);
                writer.WriteNull("stop_sequence");
                writer.WriteEndObject();
                WriteUsage(writer, _outputTokens);
                WriteGatewayCost(writer, _reply.Cost);
            });
            Event(sse, "message_stop", null);
            return sse.ToString();
        }

        /// <summary>Writes the fields of a <c>server_tool_use</c> block (docs/gateways.md, "Hosted tools").</summary>
        private static void WriteServerToolUse(Utf8JsonWriter writer, FakeHostedToolCall call, bool withInput)
        {
            writer.WriteString("type", "server_tool_use");
            writer.WriteString("id", call.Id);
            writer.WriteString("name", call.IsWebSearch ? "web_search" : "code_execution");
            writer.WritePropertyName("input");
            writer.WriteRawValue(withInput ? ServerToolInput(call) : "{}");
            WriteDirectCaller(writer);
        }

        private static string ServerToolInput(FakeHostedToolCall call) => Write(w =>
        {
            w.WriteStartObject();
            w.WriteString(call.IsWebSearch ? "query" : "code", call.IsWebSearch ? call.Query : call.Code);
            w.WriteEndObject();
        });

        /// <summary>Writes the fields of a <c>web_search_tool_result</c> or <c>code_execution_tool_result</c> block.</summary>
        private static void WriteServerToolResult(Utf8JsonWriter writer, FakeHostedToolCall call)
        {
            writer.WriteString("type", call.IsWebSearch ? "web_search_tool_result" : "code_execution_tool_result");
            writer.WriteString("tool_use_id", call.Id);
            if (call.IsWebSearch)
            {
                WriteDirectCaller(writer);
                writer.WriteStartArray("content");
                foreach (var url in call.ResultUrls)
                {
                    writer.WriteStartObject();
                    writer.WriteString("type", "web_search_result");
                    writer.WriteString("url", url);
                    writer.WriteString("title", url);
                    writer.WriteString("encrypted_content", "fake-encrypted-content");
                    writer.WriteNull("page_age");
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }
            else
            {
                writer.WriteStartObject("content");
                writer.WriteString("type", "code_execution_result");
                writer.WriteString("stdout", call.Output ?? string.Empty);
                writer.WriteString("stderr", string.Empty);
                writer.WriteNumber("return_code", 0);
                writer.WriteStartArray("content");
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
        }

        private static void WriteCitation(Utf8JsonWriter writer, FakeCitation citation)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "web_search_result_location");
            writer.WriteString("url", citation.Url);
            writer.WriteString("title", citation.Title);
            writer.WriteString("encrypted_index", "fake-encrypted-index");
            writer.WriteString("cited_text", citation.CitedText ?? citation.Title);
            writer.WriteEndObject();
        }

        /// <summary>
        /// <c>caller: {"type":"direct"}</c>: the model itself made the call (not a server tool on its behalf). Anthropic
        /// sends it on every <c>tool_use</c> block, and the official SDK's response validation requires it.
        /// </summary>
        private static void WriteDirectCaller(Utf8JsonWriter writer)
        {
            writer.WriteStartObject("caller");
            writer.WriteString("type", "direct");
            writer.WriteEndObject();
        }

        private string CallId(FakeToolCall call, int index) =>
            call.Id ?? string.Create(CultureInfo.InvariantCulture, $"toolu_fake_{_sequence}_{index + 1}");

        /// <summary>Usage as Anthropic reports it; in a stream, <c>message_delta</c> repeats the input and gives the cumulative output.</summary>
        private void WriteUsage(Utf8JsonWriter writer, int outputTokens)
        {
            writer.WriteStartObject("usage");
            writer.WriteNumber("input_tokens", _inputTokens);
            writer.WriteNumber("cache_creation_input_tokens", 0);
            writer.WriteNumber("cache_read_input_tokens", 0);
            writer.WriteNumber("output_tokens", outputTokens);
            writer.WriteEndObject();
        }

        private static void BlockStart(StringBuilder sse, int index, Action<Utf8JsonWriter> writeBlock) =>
            Event(sse, "content_block_start", writer =>
            {
                writer.WriteNumber("index", index);
                writer.WriteStartObject("content_block");
                writeBlock(writer);
                writer.WriteEndObject();
            });

        private static void BlockStop(StringBuilder sse, int index) =>
            Event(sse, "content_block_stop", writer => writer.WriteNumber("index", index));

        private static void Delta(StringBuilder sse, int index, string type, string field, string value) =>
            Event(sse, "content_block_delta", writer =>
            {
                writer.WriteNumber("index", index);
                writer.WriteStartObject("delta");
                writer.WriteString("type", type);
                writer.WriteString(field, value);
                writer.WriteEndObject();
            });

        /// <summary>Appends one event: the SSE name and a data object whose <c>type</c> repeats it, as Anthropic sends.</summary>
        private static void Event(StringBuilder sse, string type, Action<Utf8JsonWriter>? writeFields)
        {
            var data = Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("type", type);
                writeFields?.Invoke(writer);
                writer.WriteEndObject();
            });
            sse.Append("event: ").Append(type).Append('\n').Append("data: ").Append(data).Append("\n\n");
        }
    }
}
