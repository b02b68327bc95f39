using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;

namespace AiGateway.Client.Testing;

// The Chat Completions rendering of FakeReply, shaped like OpenAI's own answers
// (https://platform.openai.com/docs/api-reference/chat/object and …/chat-streaming): a chat.completion body,
// or chat.completion.chunk events (role, reasoning and text deltas, tool calls opened by index and their
// arguments in fragments, a finish chunk, a choices: [] usage chunk, data: [DONE]). Reasoning goes in
// the reasoning field gateways use; errors in OpenAI's {"error":{message,type,param,code}} envelope.
public sealed partial class FakeGateway
{
    private static HttpResponseMessage RenderChatCompletions(FakeRequest request, FakeReply reply, int id)
    {
        if (reply.StatusCode != HttpStatusCode.OK)
        {
            return Json(reply.StatusCode, reply.ErrorBody ?? ChatCompletionsErrorBody(reply.StatusCode, request.Model));
        }

        var completion = new FakeChatCompletion(request, reply, id);
        return request.IsStreaming ? EventStream(completion.RenderStream()) : Json(HttpStatusCode.OK, completion.RenderBody());
    }

    private static string ChatCompletionsErrorBody(HttpStatusCode status, string? model)
    {
        var (type, code, message) = (int)status switch
        {
            400 => ("invalid_request_error", (string?)null, "The request was rejected as invalid."),
            401 => ("invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
            402 => ("insufficient_quota", "insufficient_quota", "You exceeded your current quota."),
            403 => ("invalid_request_error", "unsupported_country_region_territory", "This key may not use this model."),
            404 => ("invalid_request_error", "model_not_found", $"The model `{model}` does not exist or you do not have access to it."),
            429 => ("requests", "rate_limit_exceeded", "Rate limit reached for requests. Please try again later."),
            503 => ("server_error", null, "The engine is currently overloaded, please try again later."),
            >= 500 => ("server_error", null, "The server had an error while processing your request."),
            _ => ("api_error", null, "The request failed."),
        };

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("message", $"FakeGateway scripted a {(int)status}: {message}");
            writer.WriteString("type", type);
            writer.WriteNull("param");
            if (code is null)
            {
                writer.WriteNull("code");
            }
            else
            {
                writer.WriteString("code", code);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>One scripted completion, rendered whole or as a stream.</summary>
    private sealed class FakeChatCompletion
    {
        private readonly FakeReply _reply;
        private readonly string _id;
        private readonly string _model;
        private readonly long _created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        private readonly string[] _callIds;
        private readonly int _inputTokens;
        private readonly int _reasoningTokens;
        private readonly int _outputTokens;
        private readonly ArrayBufferWriter<byte> _buffer = new(512);

        public FakeChatCompletion(FakeRequest request, FakeReply reply, int id)
        {
            _reply = reply;
            _id = $"chatcmpl-fake{id}";
            _model = request.Model ?? "fake-model";
            _callIds = reply.ToolCalls.Select((call, i) => call.Id ?? $"call_fake{id}_{i}").ToArray();
            _inputTokens = reply.InputTokens ?? EstimateTokens(request.Body);
            _reasoningTokens = EstimateTokens(reply.Reasoning);
            _outputTokens = reply.OutputTokens
                ?? EstimateTokens(reply.Text) + _reasoningTokens + reply.ToolCalls.Sum(c => EstimateTokens(c.Name) + EstimateTokens(c.ArgumentsJson));
        }

        private string FinishReason => _reply.FinishReason ?? (_reply.ToolCalls.Count > 0 ? "tool_calls" : "stop");

        public string RenderBody()
        {
            using var writer = StartObject("chat.completion");
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("message");
            writer.WriteString("role", "assistant");
            if (_reply.Text is { } text)
            {
                writer.WriteString("content", text);
            }
            else
            {
                writer.WriteNull("content");
            }

            if (_reply.Reasoning is { } reasoning)
            {
                writer.WriteString("reasoning", reasoning);
            }

            writer.WriteNull("refusal");
            WriteGatewayCost(writer, _reply.Cost);
            if (_reply.ToolCalls.Count > 0)
            {
                writer.WriteStartArray("tool_calls");
                for (var i = 0; i < _reply.ToolCalls.Count; i++)
                {
                    WriteToolCall(writer, i, _reply.ToolCalls[i].ArgumentsJson, opening: true, streaming: false);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteString("finish_reason", FinishReason);
            writer.WriteNull("logprobs");
            writer.WriteEndObject();
            writer.WriteEndArray();
            WriteUsage(writer);
            writer.WriteEndObject();
            writer.Flush();
            return Encoding.UTF8.GetString(_buffer.WrittenSpan);
        }

        public string RenderStream()
        {
            var sse = new StringBuilder();
            var pieces = Math.Max(1, _reply.StreamChunks);
            AppendChunk(sse, writer =>
            {
                writer.WriteString("role", "assistant");
                writer.WriteString("content", string.Empty);
                writer.WriteNull("refusal");
            });

            var textPieces = _reply.Text is { Length: > 0 } text ? Split(text, pieces).ToArray() : [];
            if (_reply.TruncateStream)
            {
                // The start of the answer, then the connection "drops": no finish_reason, no [DONE].
                foreach (var piece in textPieces.Take(Math.Max(1, (textPieces.Length + 1) / 2)))
                {
                    AppendChunk(sse, writer => writer.WriteString("content", piece));
                }

                return sse.ToString();
            }

            if (_reply.Reasoning is { Length: > 0 } reasoning)
            {
                foreach (var piece in Split(reasoning, pieces))
                {
                    AppendChunk(sse, writer => writer.WriteString("reasoning", piece));
                }
            }

            foreach (var piece in textPieces)
            {
                AppendChunk(sse, writer => writer.WriteString("content", piece));
            }

            for (var i = 0; i < _reply.ToolCalls.Count; i++)
            {
                var index = i;
                AppendChunk(sse, writer => WriteToolCallsDelta(writer, index, string.Empty, opening: true));
                foreach (var fragment in Split(_reply.ToolCalls[i].ArgumentsJson, 3))
                {
                    AppendChunk(sse, writer => WriteToolCallsDelta(writer, index, fragment, opening: false));
                }
            }

            AppendChunk(sse, writer => WriteGatewayCost(writer, _reply.Cost), FinishReason);

            // The usage-only chunk that stream_options.include_usage asks for.
            using (var writer = StartObject("chat.completion.chunk"))
            {
                writer.WriteStartArray("choices");
                writer.WriteEndArray();
                WriteUsage(writer);
                writer.WriteEndObject();
                writer.Flush();
                AppendEvent(sse);
            }

            return sse.Append("data: [DONE]\n\n").ToString();
        }

        private void AppendChunk(StringBuilder sse, Action<Utf8JsonWriter> writeDelta, string? finishReason = null)
        {
            using (var writer = StartObject("chat.completion.chunk"))
            {
                writer.WriteStartArray("choices");
                writer.WriteStartObject();
                writer.WriteNumber("index", 0);
                writer.WriteStartObject("delta");
                writeDelta(writer);
                writer.WriteEndObject();
                if (finishReason is null)
                {
                    writer.WriteNull("finish_reason");
                }
                else
                {
                    writer.WriteString("finish_reason", finishReason);
                }

                writer.WriteNull("logprobs");
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteNull("usage");
                writer.WriteEndObject();
                writer.Flush();
            }

            AppendEvent(sse);
        }

        private void AppendEvent(StringBuilder sse) => sse.Append("data: ").Append(Encoding.UTF8.GetString(_buffer.WrittenSpan)).Append("\n\n");

        private Utf8JsonWriter StartObject(string kind)
        {
            _buffer.Clear();
            var writer = new Utf8JsonWriter(_buffer);
            writer.WriteStartObject();
            writer.WriteString("id", _id);
            writer.WriteString("object", kind);
            writer.WriteNumber("created", _created);
            writer.WriteString("model", _model);
            return writer;
        }

        private void WriteToolCallsDelta(Utf8JsonWriter writer, int index, string arguments, bool opening)
        {
            writer.WriteStartArray("tool_calls");
            WriteToolCall(writer, index, arguments, opening, streaming: true);
            writer.WriteEndArray();
        }

        private void WriteToolCall(Utf8JsonWriter writer, int index, string arguments, bool opening, bool streaming)
        {
            writer.WriteStartObject();
            if (streaming)
            {
                writer.WriteNumber("index", index);
            }

            if (opening)
            {
                writer.WriteString("id", _callIds[index]);
                writer.WriteString("type", "function");
            }

            writer.WriteStartObject("function");
            if (opening)
            {
                writer.WriteString("name", _reply.ToolCalls[index].Name);
            }

            writer.WriteString("arguments", arguments);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        private void WriteUsage(Utf8JsonWriter writer)
        {
            writer.WriteStartObject("usage");
            writer.WriteNumber("prompt_tokens", _inputTokens);
            writer.WriteNumber("completion_tokens", _outputTokens);
            writer.WriteNumber("total_tokens", _inputTokens + _outputTokens);
            writer.WriteStartObject("prompt_tokens_details");
            writer.WriteNumber("cached_tokens", 0);
            writer.WriteEndObject();
            writer.WriteStartObject("completion_tokens_details");
            writer.WriteNumber("reasoning_tokens", _reasoningTokens);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
    }
}
