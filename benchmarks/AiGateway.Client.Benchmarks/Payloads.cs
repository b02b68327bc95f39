using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AiGateway.Client.Benchmarks;

/// <summary>
/// Response bodies for the benchmarks, taken from the recorded transcripts in the test fixtures (copied next to the
/// binary). Streams are lengthened to a fixed number of chunks by repeating a recorded content chunk with new text,
/// so every client parses the same bytes in the shapes the providers really send.
/// </summary>
internal static class Payloads
{
    /// <summary>Chunks in the lengthened streams of the parse-rate benchmark (about 200 to 450 KB each, like the recorded Responses stream).</summary>
    public const int ParseRateChunks = 2000;

    private static readonly ConcurrentDictionary<ChatDialect, StreamPayload> ParseRate = new();

    /// <summary>
    /// The large stream the parse-rate benchmark reads for <paramref name="dialect"/>: the recorded 1,424-event Responses
    /// stream with reasoning summaries as it is, the other dialects lengthened to <see cref="ParseRateChunks"/> chunks.
    /// Built once per process (the MB/s column asks for it too).
    /// </summary>
    public static StreamPayload ForParseRate(ChatDialect dialect) => ParseRate.GetOrAdd(dialect, static d => d switch
    {
        ChatDialect.ChatCompletions => ChatCompletionStream(ParseRateChunks),
        ChatDialect.Responses => RecordedResponsesStream(),
        ChatDialect.Messages => MessageStream(ParseRateChunks),
        ChatDialect.GenerateContent => GenerateContentStream(ParseRateChunks),
        _ => throw new ArgumentOutOfRangeException(nameof(dialect), d, "Unknown dialect."),
    });

    /// <summary>The recorded non-streaming Chat Completions body (HelloWorldChat.json).</summary>
    public static byte[] ChatCompletion()
    {
        using var doc = JsonDocument.Parse(Fixture("chat-completions/HelloWorldChat.json"));
        return Encoding.UTF8.GetBytes(doc.RootElement.GetProperty("Entries")[0].GetProperty("ResponseBody").GetRawText());
    }

    /// <summary>The answer text of <see cref="ChatCompletion"/>, read independently of the library.</summary>
    public static string ChatCompletionText() => (string)JsonNode.Parse(ChatCompletion())!["choices"]![0]!["message"]!["content"]!;

    /// <summary>A Chat Completions stream of <paramref name="chunks"/> content chunks in the recorded chunk shape, then finish, usage and [DONE].</summary>
    public static StreamPayload ChatCompletionStream(int chunks)
    {
        using var doc = JsonDocument.Parse(Fixture("chat-completions/StreamingStructuredRefusalWorks.json"));
        var lines = doc.RootElement.GetProperty("Entries")[0].GetProperty("ResponseBody").EnumerateArray().Select(e => e.GetString()!).ToList();
        var data = lines.Where(l => l.StartsWith("data: {", StringComparison.Ordinal)).Select(l => JsonNode.Parse(l["data: ".Length..])!).ToList();
        var content = data.First(n => n["choices"]?.AsArray().Count > 0 && n["choices"]![0]!["delta"]?["content"] is not null);
        var finish = data.First(n => n["choices"]?.AsArray().Count > 0 && n["choices"]![0]!["finish_reason"] is JsonValue);
        var usage = data.First(n => n["choices"]?.AsArray().Count == 0);
        var sse = new StringBuilder();
        for (var i = 0; i < chunks; i++)
        {
            var chunk = content.DeepClone();
            chunk["choices"]![0]!["delta"]!["content"] = $" word{i}";
            sse.Append("data: ").Append(chunk.ToJsonString()).Append("\n\n");
        }

        sse.Append("data: ").Append(finish.ToJsonString()).Append("\n\n");
        sse.Append("data: ").Append(usage.ToJsonString()).Append("\n\n");
        sse.Append("data: [DONE]\n\n");
        return new StreamPayload($"Chat Completions, {chunks} chunks (StreamingStructuredRefusalWorks.json shape)", ChatDialect.ChatCompletions, Encoding.UTF8.GetBytes(sse.ToString()));
    }

    /// <summary>The recorded non-streaming Messages body (thinking + text).</summary>
    public static byte[] Message() => Encoding.UTF8.GetBytes(Fixture("messages/anthropic-claude-opus-5-reasoning-high.1.json"));

    /// <summary>The answer text of <see cref="Message"/> (its text blocks), read independently of the library.</summary>
    public static string MessageText() => string.Concat(
        JsonNode.Parse(Message())!["content"]!.AsArray().Where(b => (string?)b!["type"] == "text").Select(b => (string)b!["text"]!));

    /// <summary>A Messages stream of <paramref name="chunks"/> text deltas in the recorded event shapes.</summary>
    public static StreamPayload MessageStream(int chunks)
    {
        using var doc = JsonDocument.Parse(Fixture("messages/test_prompt_with_prefill_and_stop_sequences.extracted.json"));
        var body = doc.RootElement.GetProperty("Entries")[0].GetProperty("ResponseBody").GetString()!;
        var events = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        string Event(string type) => events.First(e => e.StartsWith("event: " + type + "\n", StringComparison.Ordinal));
        var delta = Event("content_block_delta");
        var deltaJson = JsonNode.Parse(delta[(delta.IndexOf("data: ", StringComparison.Ordinal) + 6)..])!;
        var sse = new StringBuilder();
        sse.Append(Event("message_start")).Append("\n\n").Append(Event("content_block_start")).Append("\n\n").Append(Event("ping")).Append("\n\n");
        for (var i = 0; i < chunks; i++)
        {
            var chunk = deltaJson.DeepClone();
            chunk["delta"]!["text"] = $" word{i}";
            sse.Append("event: content_block_delta\ndata: ").Append(chunk.ToJsonString()).Append("\n\n");
        }

        sse.Append(Event("content_block_stop")).Append("\n\n").Append(Event("message_delta")).Append("\n\n").Append(Event("message_stop")).Append("\n\n");
        return new StreamPayload($"Messages, {chunks} text deltas (test_prompt_with_prefill_and_stop_sequences shape)", ChatDialect.Messages, Encoding.UTF8.GetBytes(sse.ToString()));
    }

    /// <summary>A Gemini SSE stream of <paramref name="chunks"/> chunks in the recorded chunk shape (last one with finishReason and usage).</summary>
    public static StreamPayload GenerateContentStream(int chunks)
    {
        var recorded = Fixture("generate-content/googleai-streaming-success-basic-reply-short.txt")
            .Split(["\r\n\r\n", "\n\n"], StringSplitOptions.RemoveEmptyEntries)
            .Select(e => JsonNode.Parse(e.Trim()["data: ".Length..])!)
            .ToList();
        var sse = new StringBuilder();
        for (var i = 0; i < chunks; i++)
        {
            var chunk = (i == chunks - 1 ? recorded[^1] : recorded[0]).DeepClone();
            chunk["candidates"]![0]!["content"]!["parts"]![0]!["text"] = $" word{i}";
            sse.Append("data: ").Append(chunk.ToJsonString()).Append("\r\n\r\n");
        }

        return new StreamPayload($"generateContent, {chunks} chunks (googleai-streaming-success-basic-reply-short shape)", ChatDialect.GenerateContent, Encoding.UTF8.GetBytes(sse.ToString()));
    }

    /// <summary>The recorded Responses stream with reasoning summaries (StreamingResponsesWithReasoningSummaryAsync.json), byte for byte.</summary>
    public static StreamPayload RecordedResponsesStream()
    {
        using var doc = JsonDocument.Parse(Fixture("responses/StreamingResponsesWithReasoningSummaryAsync.json"));
        var body = string.Concat(doc.RootElement.GetProperty("Entries")[0].GetProperty("ResponseBody").EnumerateArray().Select(e => e.GetString()));
        return new StreamPayload("Responses, recorded o3-mini answer with reasoning summaries (StreamingResponsesWithReasoningSummaryAsync.json)", ChatDialect.Responses, Encoding.UTF8.GetBytes(body));
    }

    private static string Fixture(string path) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", path));
}
