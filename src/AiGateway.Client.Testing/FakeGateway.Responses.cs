// Why this file is long: FakeGateway's whole Responses dialect (whole replies, every streamed event type, function and hosted tool calls, citations, reasoning) written to the spec's required fields in one place, so the schema tests check one writer.
using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace AiGateway.Client.Testing;

// The OpenAI Responses rendering of FakeReply: a response object, or the event stream
// (response.created … response.completed) with event: lines, as
// https://platform.openai.com/docs/api-reference/responses-streaming describes it.
// Above ~500 lines because every output item type (reasoning, image, hosted tools, message, function call) has its
// whole and streamed shape here, next to the one event writer they share.
public sealed partial class FakeGateway
{
    private static HttpResponseMessage RenderResponses(FakeRequest request, FakeReply reply, int id)
    {
        if (reply.StatusCode != HttpStatusCode.OK)
        {
            return Json(reply.StatusCode, reply.ErrorBody ?? ResponsesError(reply.StatusCode, request.Model));
        }

        var answer = new ResponsesAnswer(request, reply, id);
        return request.IsStreaming ? EventStream(answer.RenderStream()) : Json(HttpStatusCode.OK, answer.RenderWhole());
    }

    /// <summary>OpenAI's error envelope <c>{"error":{message,type,param,code}}</c>, with the type and code OpenAI uses per status.</summary>
    private static string ResponsesError(HttpStatusCode status, string? model)
    {
        var (type, code, message) = (int)status switch
        {
            401 => ("invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
            404 => ("invalid_request_error", "model_not_found", $"The model '{model}' does not exist or you do not have access to it."),
            429 => ("requests", "rate_limit_exceeded", "Rate limit reached for requests. Please try again later."),
            >= 500 => ("server_error", null, "The server had an error while processing your request."),
            _ => ("invalid_request_error", null, $"FakeGateway was told to answer {(int)status}."),
        };
        return ResponsesAnswer.Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("message", message);
            w.WriteString("type", type);
            w.WriteNull("param");
            if (code is null)
            {
                w.WriteNull("code");
            }
            else
            {
                w.WriteString("code", code);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>One reply rendered as a Responses answer, whole or as events.</summary>
    private sealed class ResponsesAnswer
    {
        private readonly FakeRequest _request;
        private readonly FakeReply _reply;
        private readonly string _responseId;
        private readonly string _model;
        private readonly long _createdAt;
        private readonly bool _includeEncryptedReasoning;
        private readonly List<Item> _items = [];
        private int _sequence;

        public ResponsesAnswer(FakeRequest request, FakeReply reply, int id)
        {
            _request = request;
            _reply = reply;
            _responseId = $"resp_fake_{id}";
            _model = request.Model ?? "fake-model";
            _createdAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            _includeEncryptedReasoning = request.Json is { } json && json.TryGetProperty("include", out var include)
                && include.ValueKind == JsonValueKind.Array && include.EnumerateArray().Any(e => e.GetString() == "reasoning.encrypted_content");

            // The order a model produces: reasoning, then images, text and function calls.
            if (!string.IsNullOrEmpty(reply.Reasoning))
            {
                _items.Add(new Item("reasoning", $"rs_fake_{id}") { Text = reply.Reasoning });
            }

            if (reply.Image is { } image)
            {
                _items.Add(new Item("image_generation_call", $"ig_fake_{id}") { Text = Convert.ToBase64String(image.Data), Format = FormatOf(image.MediaType) });
            }

            for (var i = 0; i < reply.HostedToolCalls.Count; i++)
            {
                var hosted = reply.HostedToolCalls[i];
                _items.Add(hosted.IsWebSearch
                    ? new Item("web_search_call", $"ws_fake_{id}_{i}") { Hosted = hosted }
                    : new Item("code_interpreter_call", $"ci_fake_{id}_{i}") { Hosted = hosted });
            }

            if (reply.Text is not null)
            {
                _items.Add(new Item("message", $"msg_fake_{id}") { Text = reply.Text });
            }

            for (var i = 0; i < reply.ToolCalls.Count; i++)
            {
                var call = reply.ToolCalls[i];
                _items.Add(new Item("function_call", $"fc_fake_{id}_{i}") { Text = call.ArgumentsJson, Name = call.Name, CallId = call.Id ?? $"call_fake_{id}_{i}" });
            }
        }

        private (string Status, string? Reason) Status => _reply.FinishReason switch
        {
            null or "completed" or "stop" => ("completed", null),
            var reason => ("incomplete", reason),
        };

        public static string Write(Action<Utf8JsonWriter> write)
        {
            var buffer = new ArrayBufferWriter<byte>(512);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                write(writer);
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        public string RenderWhole() => Write(w => WriteResponse(w, final: true));

        public string RenderStream()
        {
            var events = new List<string>
            {
                Event("response.created", w => WriteNestedResponse(w, final: false)),
                Event("response.in_progress", w => WriteNestedResponse(w, final: false)),
            };
            for (var index = 0; index < _items.Count; index++)
            {
                AddItemEvents(events, _items[index], index);
            }

            if (_reply.TruncateStream)
            {
                // Cut the stream halfway, before its terminal event, as a dropped connection or a proxy would.
                events.RemoveRange(Math.Max(2, events.Count / 2), events.Count - Math.Max(2, events.Count / 2));
            }
            else
            {
                var terminal = Status.Status == "completed" ? "response.completed" : "response.incomplete";
                events.Add(Event(terminal, w => WriteNestedResponse(w, final: true)));
            }

            return string.Concat(events);
        }

        /// <summary>
        /// The part-added / text-delta… / text-done / part-done sequence of a text part: reasoning summaries
        /// (<c>response.reasoning_summary_*</c>, <c>summary_index</c>) and message text (<c>response.output_text</c>,
        /// <c>response.content_part.*</c>, <c>content_index</c>) differ only in names.
        /// </summary>
        private void AddTextEvents(List<string> events, Item item, int index, string prefix, string partType, string indexField, bool summary)
        {
            var part = summary ? prefix + "_part" : prefix + ".content_part";
            var text = summary ? prefix + "_text" : prefix + ".output_text";
            events.Add(Event(part + ".added", w => WritePart(w, item, index, partType, string.Empty)));
            foreach (var piece in Split(item.Text!, _reply.StreamChunks))
            {
                events.Add(Event(text + ".delta", w => WriteDelta(w, item, index, piece, summary)));
            }

            events.Add(Event(text + ".done", w =>
            {
                WriteItemRef(w, item, index);
                w.WriteNumber(indexField, 0);
                w.WriteString("text", item.Text);
                if (!summary)
                {
                    WriteEmptyLogprobs(w);
                }
            }));
            events.Add(Event(part + ".done", w => WritePart(w, item, index, partType, item.Text!)));
        }

        private void AddItemEvents(List<string> events, Item item, int index)
        {
            events.Add(Event("response.output_item.added", w =>
            {
                w.WriteNumber("output_index", index);
                w.WritePropertyName("item");
                WriteItem(w, item, done: false);
            }));
            switch (item.Type)
            {
                case "reasoning":
                    AddTextEvents(events, item, index, "response.reasoning_summary", "summary_text", "summary_index", summary: true);
                    break;
                case "message":
                    AddTextEvents(events, item, index, "response", "output_text", "content_index", summary: false);
                    break;
                case "function_call":
                    foreach (var piece in Split(item.Text!, _reply.StreamChunks))
                    {
                        events.Add(Event("response.function_call_arguments.delta", w => WriteDelta(w, item, index, piece, summary: false)));
                    }

                    events.Add(Event("response.function_call_arguments.done", w =>
                    {
                        WriteItemRef(w, item, index);
                        w.WriteString("name", item.Name);
                        w.WriteString("arguments", item.Text);
                    }));
                    break;
            }

            events.Add(Event("response.output_item.done", w =>
            {
                w.WriteNumber("output_index", index);
                w.WritePropertyName("item");
                WriteItem(w, item, done: true);
            }));
        }

        private string Event(string type, Action<Utf8JsonWriter> fields)
        {
            var sequence = _sequence++;
            var data = Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("type", type);
                w.WriteNumber("sequence_number", sequence);
                fields(w);
                w.WriteEndObject();
            });
            return $"event: {type}\ndata: {data}\n\n";
        }

        private static void WriteItemRef(Utf8JsonWriter w, Item item, int index)
        {
            w.WriteString("item_id", item.Id);
            w.WriteNumber("output_index", index);
        }

        private static void WriteDelta(Utf8JsonWriter w, Item item, int index, string delta, bool summary)
        {
            WriteItemRef(w, item, index);
            if (item.Type == "function_call")
            {
                w.WriteString("delta", delta);
                return;
            }

            w.WriteNumber(summary ? "summary_index" : "content_index", 0);
            w.WriteString("delta", delta);
            if (!summary)
            {
                WriteEmptyLogprobs(w);
            }
        }

        /// <summary>Output text parts and their deltas always carry <c>logprobs</c> (empty unless asked for).</summary>
        private static void WriteEmptyLogprobs(Utf8JsonWriter w)
        {
            w.WriteStartArray("logprobs");
            w.WriteEndArray();
        }

        private static void WritePart(Utf8JsonWriter w, Item item, int index, string type, string text)
        {
            WriteItemRef(w, item, index);
            w.WriteNumber(type == "summary_text" ? "summary_index" : "content_index", 0);
            w.WriteStartObject("part");
            w.WriteString("type", type);
            w.WriteString("text", text);
            if (type == "output_text")
            {
                w.WriteStartArray("annotations");
                w.WriteEndArray();
                WriteEmptyLogprobs(w);
            }

            w.WriteEndObject();
        }

        private void WriteNestedResponse(Utf8JsonWriter w, bool final)
        {
            w.WritePropertyName("response");
            WriteResponse(w, final);
        }

        private void WriteResponse(Utf8JsonWriter w, bool final)
        {
            var (status, reason) = Status;
            w.WriteStartObject();
            w.WriteString("id", _responseId);
            w.WriteString("object", "response");
            w.WriteNumber("created_at", _createdAt);
            w.WriteString("status", final ? status : "in_progress");
            if (final && reason is not null)
            {
                w.WriteStartObject("incomplete_details");
                w.WriteString("reason", reason);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("incomplete_details");
            }

            w.WriteNull("error");
            w.WriteString("model", _model);
            w.WriteStartArray("output");
            if (final)
            {
                foreach (var item in _items)
                {
                    WriteItem(w, item, done: true);
                }
            }

            w.WriteEndArray();
            WriteRequestEcho(w);
            w.WriteBoolean("store", false);

            // The spec's usage is an object, never null: it is left out until the response is final.
            if (final)
            {
                WriteUsage(w);
                WriteGatewayCost(w, _reply.Cost);
            }

            w.WriteEndObject();
        }

        /// <summary>
        /// The request settings a response object repeats, all required by the spec's <c>Response</c>: instructions,
        /// metadata, parallel_tool_calls, temperature, tool_choice, tools and top_p (the request's, else the defaults).
        /// </summary>
        private void WriteRequestEcho(Utf8JsonWriter w)
        {
            var json = _request.Json;
            WriteEchoed(w, json, "instructions", static w => w.WriteNullValue());
            WriteEchoed(w, json, "metadata", static w =>
            {
                w.WriteStartObject();
                w.WriteEndObject();
            });
            WriteEchoed(w, json, "parallel_tool_calls", static w => w.WriteBooleanValue(true));
            WriteEchoed(w, json, "temperature", static w => w.WriteNumberValue(1));
            WriteEchoed(w, json, "tool_choice", static w => w.WriteStringValue("auto"));
            WriteEchoed(w, json, "tools", static w =>
            {
                w.WriteStartArray();
                w.WriteEndArray();
            });
            WriteEchoed(w, json, "top_p", static w => w.WriteNumberValue(1));
        }

        private static void WriteEchoed(Utf8JsonWriter w, JsonElement? request, string name, Action<Utf8JsonWriter> writeDefault)
        {
            w.WritePropertyName(name);
            if (request is { } json && json.TryGetProperty(name, out var value))
            {
                value.WriteTo(w);
            }
            else
            {
                writeDefault(w);
            }
        }

        private void WriteUsage(Utf8JsonWriter w)
        {
            var reasoningTokens = EstimateTokens(_reply.Reasoning);
            var input = _reply.InputTokens ?? EstimateTokens(_request.Body);
            var output = _reply.OutputTokens
                ?? reasoningTokens + EstimateTokens(_reply.Text) + _reply.ToolCalls.Sum(c => EstimateTokens(c.Name) + EstimateTokens(c.ArgumentsJson));
            w.WriteStartObject("usage");
            w.WriteNumber("input_tokens", input);
            w.WriteStartObject("input_tokens_details");
            w.WriteNumber("cached_tokens", 0);
            w.WriteNumber("cache_write_tokens", 0);
            w.WriteEndObject();
            w.WriteNumber("output_tokens", output);
            w.WriteStartObject("output_tokens_details");
            w.WriteNumber("reasoning_tokens", Math.Min(reasoningTokens, output));
            w.WriteEndObject();
            w.WriteNumber("total_tokens", input + output);
            w.WriteEndObject();
        }

        private void WriteItem(Utf8JsonWriter w, Item item, bool done)
        {
            w.WriteStartObject();
            w.WriteString("id", item.Id);
            w.WriteString("type", item.Type);
            switch (item.Type)
            {
                case "reasoning":
                    w.WriteStartArray("summary");
                    if (done)
                    {
                        w.WriteStartObject();
                        w.WriteString("type", "summary_text");
                        w.WriteString("text", item.Text);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    if (done && _includeEncryptedReasoning)
                    {
                        // Opaque to the client, as OpenAI's is; FakeGateway only needs it to come back unchanged.
                        w.WriteString("encrypted_content", "enc_" + Convert.ToBase64String(Encoding.UTF8.GetBytes(item.Id)));
                    }

                    break;
                case "image_generation_call":
                    w.WriteString("status", done ? "completed" : "in_progress");
                    w.WriteString("output_format", item.Format);
                    if (done)
                    {
                        w.WriteString("result", item.Text);
                    }
                    else
                    {
                        w.WriteNull("result");
                    }

                    break;
                case "message":
                    w.WriteString("status", done ? Status.Status : "in_progress");
                    w.WriteString("role", "assistant");
                    w.WriteStartArray("content");
                    if (done)
                    {
                        w.WriteStartObject();
                        w.WriteString("type", "output_text");
                        w.WriteStartArray("annotations");
                        foreach (var citation in _reply.Citations)
                        {
                            // Each source cites the whole text.
                            w.WriteStartObject();
                            w.WriteString("type", "url_citation");
                            w.WriteString("url", citation.Url);
                            w.WriteString("title", citation.Title);
                            w.WriteNumber("start_index", 0);
                            w.WriteNumber("end_index", item.Text?.Length ?? 0);
                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                        WriteEmptyLogprobs(w);
                        w.WriteString("text", item.Text);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    break;
                case "web_search_call":
                    w.WriteString("status", done ? "completed" : "in_progress");
                    w.WriteStartObject("action");
                    w.WriteString("type", "search");
                    w.WriteString("query", item.Hosted!.Query);
                    w.WriteStartArray("queries");
                    w.WriteStringValue(item.Hosted.Query);
                    w.WriteEndArray();
                    w.WriteStartArray("sources");
                    foreach (var url in done ? item.Hosted.ResultUrls : [])
                    {
                        w.WriteStartObject();
                        w.WriteString("type", "url");
                        w.WriteString("url", url);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                    break;
                case "code_interpreter_call":
                    w.WriteString("status", done ? "completed" : "in_progress");
                    w.WriteString("container_id", "cntr_fake");
                    w.WriteString("code", item.Hosted!.Code);
                    if (done)
                    {
                        w.WriteStartArray("outputs");
                        w.WriteStartObject();
                        w.WriteString("type", "logs");
                        w.WriteString("logs", item.Hosted.Output ?? string.Empty);
                        w.WriteEndObject();
                        w.WriteEndArray();
                    }
                    else
                    {
                        w.WriteNull("outputs");
                    }

                    break;
                case "function_call":
                    w.WriteString("status", done ? "completed" : "in_progress");
                    w.WriteString("call_id", item.CallId);
                    w.WriteString("name", item.Name);
                    w.WriteString("arguments", done ? item.Text : string.Empty);
                    break;
            }

            w.WriteEndObject();
        }

        private static string FormatOf(string mediaType) => mediaType.ToLower(CultureInfo.InvariantCulture) switch
        {
            "image/jpeg" or "image/jpg" => "jpeg",
            "image/webp" => "webp",
            _ => "png",
        };

        private sealed record Item(string Type, string Id)
        {
            /// <summary>Gets the text, reasoning summary, base64 image or arguments JSON, by type.</summary>
            public string? Text { get; init; }

            public string? Name { get; init; }

            public string? CallId { get; init; }

            public string? Format { get; init; }

            /// <summary>Gets the hosted tool call of a <c>web_search_call</c> or <c>code_interpreter_call</c>.</summary>
            public FakeHostedToolCall? Hosted { get; init; }
        }
    }
}

