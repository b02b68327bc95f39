
namespace AiGateway.Client.Tests.Reliability;

/// <summary>
/// Minimal, otherwise valid answers in each dialect with one field left for the test to fill in (a finish reason, a
/// timestamp), so a test changes exactly the value it is about.
/// </summary>
internal static class WireBodies
{
    public const string Json = "application/json";
    public const string EventStream = "text/event-stream";

    /// <summary>A whole answer "Hi" whose finish reason (JSON string contents) is <paramref name="finishReason"/>.</summary>
    public static string WholeWithFinishReason(ChatDialect dialect, string finishReason) => dialect switch
    {
        ChatDialect.ChatCompletions =>
            $$$"""{"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"{{{finishReason}}}"}]}""",
        ChatDialect.Messages =>
            $$$"""{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"Hi"}],"stop_reason":"{{{finishReason}}}","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}""",
        ChatDialect.GenerateContent =>
            $$$"""{"candidates":[{"content":{"role":"model","parts":[{"text":"Hi"}]},"finishReason":"{{{finishReason}}}","index":0}],"usageMetadata":{"promptTokenCount":1,"candidatesTokenCount":1,"totalTokenCount":2},"modelVersion":"gemini-2.5-flash"}""",
        _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "Responses has no free-text finish reason."),
    };

    /// <summary>A streamed answer "Hi" whose finish reason (JSON string contents) is <paramref name="finishReason"/>.</summary>
    public static string StreamWithFinishReason(ChatDialect dialect, string finishReason) => dialect switch
    {
        ChatDialect.ChatCompletions =>
            $$$"""
            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}

            data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"finish_reason":"{{{finishReason}}}"}]}

            data: [DONE]


            """,
        ChatDialect.Messages =>
            $$$$"""
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"{{{{finishReason}}}}","stop_sequence":null},"usage":{"output_tokens":1}}

            event: message_stop
            data: {"type":"message_stop"}


            """,
        ChatDialect.GenerateContent =>
            $$$"""
            data: {"candidates":[{"content":{"role":"model","parts":[{"text":"Hi"}]},"index":0}],"modelVersion":"gemini-2.5-flash"}

            data: {"candidates":[{"content":{"role":"model","parts":[{"text":""}]},"finishReason":"{{{finishReason}}}","index":0}],"usageMetadata":{"promptTokenCount":1,"candidatesTokenCount":1,"totalTokenCount":2},"modelVersion":"gemini-2.5-flash"}


            """,
        _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "Responses has no free-text finish reason."),
    };

    /// <summary>A whole Responses answer "Hi" with <c>created_at</c> set to <paramref name="createdAt"/> (JSON number text).</summary>
    public static string ResponsesWhole(string createdAt) =>
        $$$"""{"id":"resp_1","object":"response","created_at":{{{createdAt}}},"status":"completed","model":"gpt-4o-mini","output":[{"type":"message","id":"msg_1","role":"assistant","status":"completed","content":[{"type":"output_text","text":"Hi","annotations":[]}]}],"usage":{"input_tokens":1,"output_tokens":1,"total_tokens":2}}""";

    /// <summary>A streamed Responses answer "Hi" whose response object says <c>created_at</c> = <paramref name="createdAt"/>.</summary>
    public static string ResponsesStream(string createdAt) =>
        $$$"""
        event: response.created
        data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","created_at":{{{createdAt}}},"status":"in_progress","model":"gpt-4o-mini","output":[]}}

        event: response.output_text.delta
        data: {"type":"response.output_text.delta","sequence_number":1,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi"}

        event: response.completed
        data: {"type":"response.completed","sequence_number":2,"response":{{{ResponsesWhole(createdAt)}}}}


        """;
}
