using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;

namespace AiGateway.Client.Benchmarks;

/// <summary>
/// Streamed tool calls for the parse-rate benchmark, one stream per dialect in the event shapes each provider documents
/// for streamed function calling (the recorded fixtures hold too few argument fragments to measure): Chat Completions,
/// Responses and Messages send <see cref="Calls"/> calls of <see cref="FragmentsPerCall"/> argument fragments each;
/// Gemini sends whole calls, one per chunk, <see cref="Payloads.ParseRateChunks"/> chunks. Every call's arguments are
/// <c>{"text":"w0 w1 …"}</c>, so a setup check can compare what the reader assembled.
/// </summary>
internal static class ToolCallPayloads
{
    /// <summary>Tool calls in the fragment-streaming dialects.</summary>
    public const int Calls = 20;

    /// <summary>Argument fragments per call (the first opens the JSON object, the last closes it).</summary>
    public const int FragmentsPerCall = Payloads.ParseRateChunks / Calls;

    private const string ToolName = "get_weather";

    private static readonly ConcurrentDictionary<ChatDialect, ToolCallStream> Streams = new();

    /// <summary>The tool-call stream for <paramref name="dialect"/>, built once per process.</summary>
    public static ToolCallStream For(ChatDialect dialect) => Streams.GetOrAdd(dialect, static d => d switch
    {
        ChatDialect.ChatCompletions => ChatCompletions(),
        ChatDialect.Responses => Responses(),
        ChatDialect.Messages => Messages(),
        ChatDialect.GenerateContent => GenerateContent(),
        _ => throw new ArgumentOutOfRangeException(nameof(dialect), d, "Unknown dialect."),
    });

    /// <summary>The value of <c>text</c> in every streamed call's arguments.</summary>
    public static string ArgumentText(int fragments)
    {
        var text = new StringBuilder();
        for (var j = 1; j < fragments - 1; j++)
        {
            text.Append('w').Append(j).Append(' ');
        }

        return text.ToString();
    }

    private static string Fragment(int j) => j == 0 ? "{\"text\":\"" : j == FragmentsPerCall - 1 ? "\"}" : $"w{j} ";

    private static string Arguments() => "{\"text\":\"" + ArgumentText(FragmentsPerCall) + "\"}";

    // https://platform.openai.com/docs/api-reference/chat-streaming: tool_calls deltas carry index, then id/name once.
    private static ToolCallStream ChatCompletions()
    {
        var sse = new StringBuilder();
        void Chunk(JsonObject delta, string? finish) => sse.Append("data: ").Append(new JsonObject
        {
            ["id"] = "chatcmpl-bench",
            ["object"] = "chat.completion.chunk",
            ["created"] = 1741290958,
            ["model"] = "gpt-4o-mini-2024-07-18",
            ["system_fingerprint"] = "fp_bench",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finish }),
        }.ToJsonString()).Append("\n\n");

        for (var call = 0; call < Calls; call++)
        {
            for (var j = 0; j < FragmentsPerCall; j++)
            {
                var toolCall = new JsonObject { ["index"] = call };
                var function = new JsonObject();
                if (j == 0)
                {
                    toolCall["id"] = $"call_{call}";
                    toolCall["type"] = "function";
                    function["name"] = ToolName;
                }

                function["arguments"] = Fragment(j);
                toolCall["function"] = function;
                Chunk(new JsonObject { ["tool_calls"] = new JsonArray(toolCall) }, null);
            }
        }

        Chunk(new JsonObject(), "tool_calls");
        sse.Append("data: ").Append("""{"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1741290958,"model":"gpt-4o-mini-2024-07-18","choices":[],"usage":{"prompt_tokens":80,"completion_tokens":2400,"total_tokens":2480}}""").Append("\n\n");
        sse.Append("data: [DONE]\n\n");
        return new ToolCallStream(new StreamPayload($"Chat Completions, {Calls} tool calls of {FragmentsPerCall} argument fragments", ChatDialect.ChatCompletions, Encoding.UTF8.GetBytes(sse.ToString())), Calls);
    }

    // https://platform.openai.com/docs/api-reference/responses-streaming: output_item.added, arguments deltas, .done events.
    private static ToolCallStream Responses()
    {
        var sse = new StringBuilder();
        var sequence = 0;
        void Event(string type, JsonObject data)
        {
            // type and sequence_number come first, as OpenAI writes them.
            var json = new JsonObject { ["type"] = type, ["sequence_number"] = sequence++ };
            foreach (var (name, value) in data.ToList())
            {
                data.Remove(name);
                json[name] = value;
            }

            sse.Append("event: ").Append(type).Append("\ndata: ").Append(json.ToJsonString()).Append("\n\n");
        }

        JsonObject Response(string status, JsonNode? usage) => new()
        {
            ["id"] = "resp_bench",
            ["object"] = "response",
            ["created_at"] = 1741290958,
            ["status"] = status,
            ["model"] = "gpt-4.1-2025-04-14",
            ["output"] = new JsonArray(),
            ["usage"] = usage,
        };

        JsonObject Item(int call, string arguments, string status) => new()
        {
            ["type"] = "function_call",
            ["id"] = $"fc_{call}",
            ["call_id"] = $"call_{call}",
            ["name"] = ToolName,
            ["arguments"] = arguments,
            ["status"] = status,
        };

        Event("response.created", new JsonObject { ["response"] = Response("in_progress", null) });
        for (var call = 0; call < Calls; call++)
        {
            Event("response.output_item.added", new JsonObject { ["output_index"] = call, ["item"] = Item(call, string.Empty, "in_progress") });
            for (var j = 0; j < FragmentsPerCall; j++)
            {
                Event("response.function_call_arguments.delta", new JsonObject { ["item_id"] = $"fc_{call}", ["output_index"] = call, ["delta"] = Fragment(j) });
            }

            Event("response.function_call_arguments.done", new JsonObject { ["item_id"] = $"fc_{call}", ["output_index"] = call, ["arguments"] = Arguments() });
            Event("response.output_item.done", new JsonObject { ["output_index"] = call, ["item"] = Item(call, Arguments(), "completed") });
        }

        Event("response.completed", new JsonObject { ["response"] = Response("completed", new JsonObject { ["input_tokens"] = 80, ["output_tokens"] = 2400, ["total_tokens"] = 2480 }) });
        return new ToolCallStream(new StreamPayload($"Responses, {Calls} function calls of {FragmentsPerCall} argument fragments", ChatDialect.Responses, Encoding.UTF8.GetBytes(sse.ToString())), Calls);
    }

    // https://docs.claude.com/en/docs/build-with-claude/streaming: tool_use blocks filled by input_json_delta events.
    private static ToolCallStream Messages()
    {
        var sse = new StringBuilder();
        void Event(string type, JsonObject data)
        {
            var json = new JsonObject { ["type"] = type };
            foreach (var (name, value) in data.ToList())
            {
                data.Remove(name);
                json[name] = value;
            }

            sse.Append("event: ").Append(type).Append("\ndata: ").Append(json.ToJsonString()).Append("\n\n");
        }

        Event("message_start", new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["id"] = "msg_bench",
                ["type"] = "message",
                ["role"] = "assistant",
                ["model"] = "claude-haiku-4-5-20251001",
                ["content"] = new JsonArray(),
                ["stop_reason"] = null,
                ["stop_sequence"] = null,
                ["usage"] = new JsonObject { ["input_tokens"] = 80, ["output_tokens"] = 1 },
            },
        });
        for (var call = 0; call < Calls; call++)
        {
            Event("content_block_start", new JsonObject
            {
                ["index"] = call,
                ["content_block"] = new JsonObject { ["type"] = "tool_use", ["id"] = $"toolu_{call}", ["name"] = ToolName, ["input"] = new JsonObject() },
            });
            for (var j = 0; j < FragmentsPerCall; j++)
            {
                Event("content_block_delta", new JsonObject { ["index"] = call, ["delta"] = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = Fragment(j) } });
            }

            Event("content_block_stop", new JsonObject { ["index"] = call });
        }

        Event("message_delta", new JsonObject
        {
            ["delta"] = new JsonObject { ["stop_reason"] = "tool_use", ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = 2400 },
        });
        Event("message_stop", new JsonObject());
        return new ToolCallStream(new StreamPayload($"Messages, {Calls} tool_use blocks of {FragmentsPerCall} input_json_delta events", ChatDialect.Messages, Encoding.UTF8.GetBytes(sse.ToString())), Calls);
    }

    // https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent: functionCall parts arrive whole.
    private static ToolCallStream GenerateContent()
    {
        var sse = new StringBuilder();
        var chunks = Payloads.ParseRateChunks;
        for (var i = 0; i < chunks; i++)
        {
            var candidate = new JsonObject
            {
                ["content"] = new JsonObject
                {
                    ["parts"] = new JsonArray(new JsonObject
                    {
                        ["functionCall"] = new JsonObject { ["name"] = ToolName, ["args"] = new JsonObject { ["text"] = ArgumentText(FragmentsPerCall) } },
                    }),
                    ["role"] = "model",
                },
                ["index"] = 0,
            };
            if (i == chunks - 1)
            {
                candidate["finishReason"] = "STOP";
            }

            var chunk = new JsonObject
            {
                ["candidates"] = new JsonArray(candidate),
                ["usageMetadata"] = new JsonObject { ["promptTokenCount"] = 80, ["candidatesTokenCount"] = 12 * (i + 1), ["totalTokenCount"] = 80 + (12 * (i + 1)) },
                ["modelVersion"] = "gemini-2.5-flash",
                ["responseId"] = "bench-response-id",
            };
            sse.Append("data: ").Append(chunk.ToJsonString()).Append("\r\n\r\n");
        }

        return new ToolCallStream(new StreamPayload($"generateContent, {chunks} chunks of one functionCall each", ChatDialect.GenerateContent, Encoding.UTF8.GetBytes(sse.ToString())), chunks);
    }
}
